import type { Painter } from '../cli/style.js';
import type { HardwareProfile } from '../plugin-api/types.js';
import { nominalVramGb } from '../core/eligibility-gpu.js';
import { formatBytes } from '../core/format-bytes.js';

// Rounded down like the eligibility reasons, so the summary never shows more than a reason found.
const gb = (bytes: number) => formatBytes(bytes, 'down');
const yes = (v: boolean) => (v ? 'yes' : 'no');

/** A short human summary of a hardware profile. */
export function hardwareSummary(hw: HardwareProfile, paint: Painter): string {
  const label = (s: string) => paint('bold', s.padEnd(9));
  const disks = hw.disks.length
    ? hw.disks.map((d) => `${d.mount} ${d.fs} ${d.kind} ${gb(d.sizeBytes)} (${gb(d.freeBytes)} free)`).join('\n          ')
    : 'none found';
  const gpus = hw.gpus.length
    ? hw.gpus
        .map((g) =>
          [
            g.model,
            nominalVramGb(g) ? `${nominalVramGb(g)} GB VRAM` : '',
            g.driver ? `driver ${g.driver}` : '',
            g.cuda ? `CUDA ${g.cuda}` : '',
            g.computeCapability ? `cc ${g.computeCapability}` : '',
            g.mig?.enabled ? `MIG on${g.mig.devices === undefined ? '' : ` (${g.mig.devices} slice${g.mig.devices === 1 ? '' : 's'})`}` : '',
          ]
            .filter(Boolean)
            .join(', '),
        )
        .join('\n          ')
    : 'none';
  const r = hw.runtimes;
  const docker = r.docker.installed ? `docker ${r.docker.version ?? ''}${r.docker.daemon ? '' : ' (daemon not reachable)'}`.replace('  ', ' ') : 'docker: no';
  return [
    `${label('OS')} ${hw.os.distro} ${hw.os.release} (kernel ${hw.os.kernel}, ${hw.os.arch})`,
    `${label('CPU')} ${hw.cpu.brand} (${hw.cpu.physicalCores} cores / ${hw.cpu.threads} threads)`,
    `${label('Memory')} ${gb(hw.memory.totalBytes)} (${gb(hw.memory.availableBytes)} available)`,
    `${label('Disks')} ${disks}`,
    `${label('GPUs')} ${gpus}`,
    `${label('Runtimes')} ${docker} · podman: ${yes(r.podman.installed)} · NVIDIA toolkit: ${yes(r.nvidiaContainerToolkit)} · systemd: ${yes(r.systemd)} · kubectl: ${yes(r.kubectl.installed)} · helm: ${yes(r.helm.installed)}`,
    ...(hw.network.publicIp ? [`${label('Public IP')} ${hw.network.publicIp}`] : []),
  ].join('\n');
}
