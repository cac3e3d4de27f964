import type { HardwareGpu, HardwareProfile } from '../../src/plugin-api/index.js';

/** A plain Linux workstation profile for plugin rules; tests override only what they exercise. */
export function sampleHardware(overrides: { gpus?: HardwareGpu[] } = {}): HardwareProfile {
  return {
    collectedAt: '2025-01-01T00:00:00.000Z',
    source: 'test fixture',
    os: { platform: 'linux', distro: 'Ubuntu', release: '22.04', kernel: '6.5.0', arch: 'x64' },
    cpu: { manufacturer: 'AMD', brand: 'Ryzen 9 7950X', physicalCores: 16, threads: 32, flags: ['sse4_2', 'avx2', 'sha_ni'] },
    memory: { totalBytes: 64 * 2 ** 30, availableBytes: 48 * 2 ** 30 },
    disks: [{ mount: '/', fs: 'ext4', kind: 'nvme', sizeBytes: 2e12, freeBytes: 1.5e12 }],
    gpus: overrides.gpus ?? [],
    runtimes: {
      docker: { installed: true, version: '27.0.3', daemon: true },
      podman: { installed: false },
      nvidiaContainerToolkit: true,
      systemd: true,
      kubectl: { installed: false },
      helm: { installed: false },
    },
    network: { interfaces: [{ name: 'eth0', ip4: '192.168.1.10', internal: false }] },
  };
}
