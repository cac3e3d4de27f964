import type { AdapterTable } from '../types.js';
import { containerAdapter, containerRunAdapter } from './container.js';
import { downloadAdapter } from './download.js';
import { directoryAdapter, fileAdapter } from './files.js';
import { helmReleaseAdapter, kubeObjectAdapter } from './kubernetes.js';
import { deviceAdapter, manualAdapter, secretAdapter } from './records-only.js';
import { systemdUnitAdapter } from './systemd-unit.js';
import { walletAdapter } from './wallet.js';

/** One adapter per resource kind: the only place the engine touches the machine. */
export function deployAdapters(): AdapterTable {
  return {
    container: containerAdapter,
    'container-run': containerRunAdapter,
    directory: directoryAdapter,
    file: fileAdapter,
    download: downloadAdapter,
    'systemd-unit': systemdUnitAdapter,
    'helm-release': helmReleaseAdapter,
    'kube-object': kubeObjectAdapter,
    device: deviceAdapter,
    wallet: walletAdapter,
    secret: secretAdapter,
    manual: manualAdapter,
  };
}
