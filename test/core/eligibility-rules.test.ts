import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateEligibility, sortVerdicts, type EligibilityInput, type NetworkVerdict } from '../../src/core/eligibility.js';
import { compareVersions, atLeast } from '../../src/core/eligibility-version.js';
import { nominalVramGb } from '../../src/core/eligibility-gpu.js';
import { bytesToGb, formatBytes, formatGb } from '../../src/core/format-bytes.js';
import type { HardwareProfile, PluginManifest, Requirements } from '../../src/plugin-api/types.js';

const base = JSON.parse(readFileSync(new URL('../../../test/fixtures/hardware/profile-rtx4090-workstation.json', import.meta.url), 'utf8')) as HardwareProfile;
const hw = (patch: Partial<HardwareProfile>): HardwareProfile => ({ ...structuredClone(base), ...patch });
const manifest: PluginManifest = {
  id: 'net',
  name: 'Net',
  version: '1.0.0',
  apiVersion: 1,
  category: 'gpu-compute',
  homepage: 'https://example.org',
  joinKind: 'container',
  description: 'test network',
  tokens: [],
};
const judge = (requirements: Requirements, machine: HardwareProfile, eligibility?: EligibilityInput['eligibility']) =>
  evaluateEligibility({ manifest, requirements, eligibility }, machine);
const RENDER_GPU: Requirements['gpu'] = { vendor: 'nvidia', minVramGb: 8, minCuda: '10.1', minDriver: '419', minComputeCapability: '3.0' };

test('versions compare numerically, component by component', () => {
  assert.equal(compareVersions('12.10', '12.9'), 1);
  assert.equal(compareVersions('10.0', '10.1'), -1);
  assert.equal(compareVersions('10', '10.0'), 0);
  assert.equal(compareVersions('550.54.14', '419'), 1);
  assert.equal(compareVersions('v1.32.4-dispatcher', '1.32.4'), 0);
  assert.equal(compareVersions('N/A', '1'), undefined);
  assert.equal(atLeast(undefined, '1'), false);
  assert.equal(atLeast('9.2', '10.1'), false);
  assert.equal(atLeast('8.9', '3.0'), true);
});

test('GB is 10^9 bytes; shortfalls are rounded down so they never look met', () => {
  assert.equal(bytesToGb(32e9), 32);
  assert.equal(formatGb(15_690_000_000, 'down'), '15.6 GB');
  assert.equal(formatGb(15_690_000_000), '15.7 GB');
  assert.equal(formatGb(32e9), '32 GB');
  assert.equal(formatBytes(16_204_113_018_880, 'down'), '16.2 TB');
  assert.equal(formatBytes(536_834_048), '536.8 MB');
  assert.equal(formatBytes(999), '999 B');
  // 32 GiB installed leaves about 33.6 GB to the OS: that meets 32 GB; 31.96 GB does not, and says so.
  assert.deepEqual(judge({ memoryGb: 32 }, hw({ memory: { totalBytes: 33_600_000_000, availableBytes: 1 } })).reasons, []);
  assert.deepEqual(judge({ memoryGb: 32 }, hw({ memory: { totalBytes: 31_960_000_000, availableBytes: 1 } })).reasons, ['needs 32 GB RAM; found 31.9 GB']);
});

test('VRAM counts by nominal size: 7982 MiB is an 8 GB card', () => {
  const gpu = { ...base.gpus[0]!, vramMb: 7982, model: 'NVIDIA GeForce RTX 2080' };
  assert.equal(nominalVramGb(gpu), 8);
  assert.deepEqual(judge({ gpu: RENDER_GPU }, hw({ gpus: [gpu] })).reasons, []);
});

test('a machine with only other vendors’ GPUs is told what it has', () => {
  const amd = hw({ gpus: [{ vendor: 'amd', model: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', vramMb: 16368 }] });
  assert.deepEqual(judge({ gpu: RENDER_GPU }, amd).reasons, [
    'needs an NVIDIA GPU with at least 8 GB VRAM; found only Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]',
  ]);
  assert.deepEqual(judge({ gpu: { vendor: 'any', minVramGb: 16 } }, amd).reasons, []);
  assert.deepEqual(judge({ gpu: { vendor: 'amd', minVramGb: 24 } }, amd).reasons, [
    'needs an AMD GPU with at least 24 GB VRAM; found 16 GB (Navi 21 [Radeon RX 6800/6800 XT / 6900 XT])',
  ]);
});

test('an NVIDIA card without a working driver: no CUDA, no driver, VRAM unknown; the capability is left unchecked', () => {
  const bare = hw({ gpus: [{ vendor: 'nvidia', model: 'AD102 [GeForce RTX 4090]', busId: '0000:01:00.0' }] });
  const verdict = judge({ gpu: RENDER_GPU }, bare);
  assert.deepEqual(verdict.reasons, [
    'needs an NVIDIA GPU with at least 8 GB VRAM; the VRAM of AD102 [GeForce RTX 4090] was not reported',
    'needs CUDA 10.1 or newer; found no CUDA driver',
    'needs NVIDIA driver 419 or newer; found no driver',
  ]);
  assert.deepEqual(verdict.notes, ['could not check compute capability 3.0 or newer for AD102 [GeForce RTX 4090]: it was not reported']);
});

test('GPU rules must all hold on one card', () => {
  const big = { vendor: 'nvidia' as const, model: 'Tesla M40 24GB', vramMb: 24478, computeCapability: '5.2', cuda: '12.2', driver: '535.129.03' };
  const small = { vendor: 'nvidia' as const, model: 'NVIDIA GeForce RTX 4060', vramMb: 8188, computeCapability: '8.9', cuda: '12.2', driver: '535.129.03' };
  const machine = hw({ gpus: [big, small] });
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', minVramGb: 16, minComputeCapability: '7.0' } }, machine).reasons, [
    'needs an NVIDIA GPU with at least 16 GB VRAM; no single GPU here meets every GPU requirement at once',
  ]);
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', count: 2, minVramGb: 16 } }, machine).reasons, [
    'needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found Tesla M40 24GB with 24 GB and NVIDIA GeForce RTX 4060 with 8 GB',
  ]);
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', count: 2, minVramGb: 8 } }, machine).reasons, []);
});

test('OS and arch names as systeminformation and Node spell them', () => {
  const mac = hw({ os: { ...base.os, platform: 'darwin', arch: 'arm64' } });
  assert.deepEqual(judge({ os: ['linux'], arch: ['x64'] }, mac).reasons, ['needs Linux; found macOS', 'needs an x64 CPU; found arm64']);
  const win = hw({ os: { ...base.os, platform: 'Windows', arch: 'x86_64' } });
  assert.deepEqual(judge({ os: ['win32'], arch: ['x64'] }, win).reasons, []);
  assert.deepEqual(judge({ os: ['linux', 'win32'] }, mac).reasons, ['needs Linux or Windows; found macOS']);
});

test('disks: memory and image filesystems do not count; unknown kinds get a note', () => {
  const container = hw({
    disks: [
      { mount: '/', fs: 'overlay', kind: 'unknown', sizeBytes: 1e12, freeBytes: 9e11 },
      { mount: '/dev/shm', fs: 'tmpfs', kind: 'unknown', sizeBytes: 1e12, freeBytes: 1e12 },
    ],
  });
  assert.deepEqual(judge({ diskFreeGb: 500 }, container).reasons, ['needs 500 GB free on one disk; found no local disk']);
  assert.deepEqual(judge({ diskKinds: ['nvme'] }, container).reasons, ['needs an NVMe disk; found no local disk']);
  const vm = hw({ disks: [{ mount: '/', fs: 'ext4', kind: 'unknown', sizeBytes: 2e12, freeBytes: 1.5e12, device: '/dev/vda' }] });
  const verdict = judge({ diskFreeGb: 500, diskKinds: ['ssd', 'nvme'] }, vm);
  assert.deepEqual(verdict.reasons, []);
  assert.deepEqual(verdict.notes, ['could not tell whether the disk at / is an SSD or NVMe disk']);
  assert.deepEqual(judge({ diskKinds: ['hdd'] }, base).reasons, ['needs an HDD; found NVMe at / and NVMe at /boot/efi']);
});

test('the largest disk of an acceptable kind is the one measured', () => {
  const mixed = hw({
    disks: [
      { mount: '/', fs: 'ext4', kind: 'ssd', sizeBytes: 5e11, freeBytes: 3e11 },
      { mount: '/data', fs: 'xfs', kind: 'hdd', sizeBytes: 18e12, freeBytes: 16e12 },
    ],
  });
  assert.deepEqual(judge({ diskFreeGb: 1000 }, mixed).reasons, []);
  assert.deepEqual(judge({ diskFreeGb: 1000, diskKinds: ['ssd', 'nvme'] }, mixed).reasons, [
    'needs 1000 GB free on one SSD or NVMe disk; found at most 300 GB free (on /)',
  ]);
});

test('ports: a check that found them open satisfies, a definite no is a reason, unknown is a note', () => {
  const checked = hw({
    network: {
      interfaces: [],
      publicIp: '203.0.113.7',
      ports: [
        { port: 28967, protocol: 'tcp', reachable: true },
        { port: 28967, protocol: 'udp', reachable: null, reason: 'UDP reachability cannot be tested from this machine' },
        { port: 14002, protocol: 'tcp', reachable: false, reason: 'the router refused it' },
      ],
    },
  });
  const verdict = judge(
    {
      ports: [
        { port: 28967, protocol: 'tcp' },
        { port: 28967, protocol: 'udp' },
        { port: 14002, protocol: 'tcp' },
        { port: 443, protocol: 'tcp' },
      ],
    },
    checked,
  );
  assert.deepEqual(verdict.reasons, ['needs port 14002/tcp open to the internet; the router refused it']);
  assert.deepEqual(verdict.notes, [
    'needs port 28967/udp open to the internet; could not confirm it: UDP reachability cannot be tested from this machine',
    'needs port 443/tcp open to the internet (not checked)',
  ]);
});

test('runtimes: Podman counts as a container runtime; notes from the table come first', () => {
  const podmanOnly = hw({ runtimes: { ...base.runtimes, docker: { installed: false, daemon: false }, podman: { installed: true, version: '4.3.1' } } });
  const verdict = judge({ containerRuntime: true, notes: ['Windows client only'] }, podmanOnly);
  assert.deepEqual(verdict, {
    id: 'net',
    name: 'Net',
    category: 'gpu-compute',
    joinKind: 'container',
    eligible: true,
    verdict: 'eligible',
    reasons: [],
    notes: ['Windows client only'],
  });
  const none = hw({ runtimes: { ...base.runtimes, docker: { installed: false, daemon: false }, systemd: false } });
  assert.deepEqual(judge({ containerRuntime: true, systemd: true }, none).reasons, [
    'needs Docker or Podman; found neither',
    'needs systemd; this machine does not run it',
  ]);
});

test("the plugin's own rule adds reasons and notes; if it throws, that is a reason too", () => {
  const extra = judge({}, base, () => ({ reasons: ['needs an approved GPU model'], notes: ['approval takes a week'] }));
  assert.deepEqual([extra.verdict, extra.reasons, extra.notes], ['not-eligible', ['needs an approved GPU model'], ['approval takes a week']]);
  const broken = judge({}, base, () => {
    throw new Error('gpus is not iterable');
  });
  assert.deepEqual(broken.reasons, ["the network's own eligibility rule failed: gpus is not iterable"]);
  assert.equal(broken.eligible, false);
});

test('dedicated hardware is never eligible, whatever else holds', () => {
  const verdict = judge({ dedicatedHardware: 'a Hivemapper dashcam', memoryGb: 1 }, base);
  assert.deepEqual([verdict.eligible, verdict.verdict, verdict.reasons], [false, 'dedicated-hardware', ['needs dedicated hardware: a Hivemapper dashcam']]);
});

test('sortVerdicts: eligible first, then by name; the input is left alone', () => {
  const v = (id: string, name: string, eligible: boolean): NetworkVerdict => ({
    id,
    name,
    category: 'storage',
    joinKind: 'container',
    eligible,
    verdict: eligible ? 'eligible' : 'not-eligible',
    reasons: [],
    notes: [],
  });
  const input = [v('storj', 'Storj', false), v('ionet', 'io.net', true), v('akash', 'Akash', false), v('arweave', 'Arweave', true)];
  assert.deepEqual(
    sortVerdicts(input).map((x) => x.id),
    ['arweave', 'ionet', 'akash', 'storj'],
  );
  assert.deepEqual(
    input.map((x) => x.id),
    ['storj', 'ionet', 'akash', 'arweave'],
  );
});
