import type { DeployRuntimes } from '../plugin-api/deploy.js';
import { hostProbes } from '../deploy/host-probes.js';
import { dockerRuntime } from '../deploy/runtimes/docker-view.js';
import { systemdRuntime } from '../deploy/runtimes/systemd-view.js';
import { kubernetesRuntime } from '../deploy/runtimes/kubernetes-view.js';

/** The read-only runtime views handed to plugins for preflight and health. */
export function deployRuntimes(): DeployRuntimes {
  return { docker: dockerRuntime, systemd: systemdRuntime, kubernetes: kubernetesRuntime, host: hostProbes };
}
