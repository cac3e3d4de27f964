import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateEligibility } from '../../src/core/eligibility.js';
import { nominalVramGb } from '../../src/core/eligibility-gpu.js';
import { isBuiltVramSize, soldVramGb } from '../../src/core/eligibility-vram.js';
import { nvidiaRowsToGpus } from '../../src/hardware/parse-nvidia-smi.js';
import { parseNvidiaXml } from '../../src/hardware/parse-nvidia-xml.js';
import type { HardwareGpu, HardwareProfile, PluginManifest, Requirements } from '../../src/plugin-api/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/hardware/${name}`, import.meta.url), 'utf8');
const base = JSON.parse(fixture('profile-rtx4090-workstation.json')) as HardwareProfile;
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
const judge = (requirements: Requirements, machine: HardwareProfile) => evaluateEligibility({ manifest, requirements }, machine);
const nvidia = (patch: Partial<HardwareGpu>): HardwareGpu => ({
  vendor: 'nvidia',
  model: 'GPU',
  driver: '550.54.14',
  cuda: '12.4',
  computeCapability: '8.9',
  ...patch,
});
const withGpus = (...gpus: HardwareGpu[]) => hw({ gpus });
const RENDER_GPU: Requirements['gpu'] = { vendor: 'nvidia', minVramGb: 8, minCuda: '10.1', minDriver: '419', minComputeCapability: '3.0' };

test('VRAM as sold, from MiB that real cards report (recorded captures and published figures)', () => {
  const cases: [string, number, boolean | undefined, number][] = [
    ['Tesla T4, ECC on (recorded, driver 515)', 15360, true, 16],
    ['Tesla T4, ECC on, older drivers', 15109, true, 16],
    ['Tesla T4, ECC mode not reported', 15360, undefined, 16],
    ['A10G, ECC on (recorded)', 23028, true, 24],
    ['L40S, ECC on (recorded)', 46068, true, 48],
    ['H200 (recorded)', 143771, true, 141],
    ['H100 80GB HBM3 (recorded)', 81559, true, 80],
    ['H100 NVL', 95830, true, 94],
    ['A100-SXM4-80GB (recorded)', 81920, true, 80],
    ['A100-SXM4-40GB, newer drivers', 40536, true, 40],
    ['RTX 4090', 24564, false, 24],
    ['RTX A5000, ECC off (recorded)', 24564, false, 24],
    ['RTX PRO 6000 Blackwell (recorded)', 97887, false, 96],
    ['RTX 4000 SFF Ada, ECC off (recorded)', 20475, false, 20],
    ['RTX 3060 (recorded)', 12288, false, 12],
    ['RTX 2080 SUPER (recorded, driver 610)', 8192, false, 8],
    ['GTX 1660 Ti (recorded, driver 418)', 5912, false, 6],
    ['Quadro P2000 (recorded)', 5120, false, 5],
    ['Quadro P400 (recorded, driver 418)', 1998, false, 2],
    ['GTX 1080 Ti, ECC not supported', 11178, false, 11],
    ['RX 6800 (amdgpu)', 16368, undefined, 16],
  ];
  for (const [card, mib, ecc, gb] of cases) assert.equal(soldVramGb(mib, ecc), gb, card);
  assert.equal(soldVramGb(0), undefined);
  assert.equal(soldVramGb(Number.NaN), undefined);
  for (const size of [1, 2, 3, 5, 6, 8, 10, 12, 16, 20, 24, 40, 48, 72, 80, 96, 192]) assert.ok(isBuiltVramSize(size), String(size));
  for (const size of [0, 7, 11, 15, 23, 45, 94, 141, 150, 1.5]) assert.ok(!isBuiltVramSize(size), String(size));
});

test('recorded T4, A10G and A100 XML meet thresholds at the size they are sold as', () => {
  const gpusOf = (name: string) => {
    const parsed = parseNvidiaXml(fixture(name));
    return nvidiaRowsToGpus(parsed.gpus, parsed);
  };
  const t4 = withGpus(...gpusOf('nvidia-smi-tesla-t4-515.105.01-q-x.xml'));
  assert.equal(nominalVramGb(t4.gpus[0]!), 16);
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', minVramGb: 16 } }, t4).reasons, []);
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', minVramGb: 17 } }, t4).reasons, ['needs an NVIDIA GPU with at least 17 GB VRAM; found 16 GB (Tesla T4)']);
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', minVramGb: 24 } }, withGpus(...gpusOf('nvidia-smi-a10g-515.105.01-q-x.xml'))).reasons, []);
  // With MIG on, the first slice (19968 MiB) is not the card: 80 GB is.
  const a100 = withGpus(...gpusOf('nvidia-smi-a100-sxm4-80gb-mig-535.54.03-q-x.xml'));
  const verdict = judge({ gpu: { vendor: 'nvidia', minVramGb: 40 } }, a100);
  assert.deepEqual(verdict.reasons, []);
  assert.deepEqual(verdict.notes, [
    'MIG is enabled on NVIDIA A100-SXM4-80GB at 00000000:01:00.0 (4 slices): a node gets one MIG slice with part of the memory, not the whole GPU; turn MIG off (nvidia-smi -mig 0) to give it the whole card',
  ]);
});

test('minVramGb: just below, at and just above, in MiB as drivers report them', () => {
  const need16 = { gpu: { vendor: 'nvidia' as const, minVramGb: 16 } };
  const vram = (vramMb: number, ecc?: boolean) => judge(need16, withGpus(nvidia({ vramMb, ecc }))).reasons.length === 0;
  // ECC off: 16 GB means more than 15 GiB reported.
  assert.equal(vram(15360, false), false);
  assert.equal(vram(15361, false), true);
  assert.equal(vram(16384, false), true);
  assert.equal(vram(16385, false), true);
  // ECC on (or not reported): 1/16 of the card holds check bits, so a 16 GB card reports 15360 or less.
  assert.equal(vram(14400, true), false);
  assert.equal(vram(14401, true), true);
  assert.equal(vram(15109, true), true);
  assert.equal(vram(15360, undefined), true);
  // The next size down is never mistaken for the threshold.
  assert.equal(vram(12288, true), false);
  assert.equal(judge(need16, withGpus(nvidia({ vramMb: 12288 }))).reasons[0], 'needs an NVIDIA GPU with at least 16 GB VRAM; found 12 GB (GPU)');
});

test('Render on a driver before 510: compute capability unknown is a note, not a refusal', () => {
  const gtx1080 = withGpus(nvidia({ model: 'NVIDIA GeForce GTX 1080', vramMb: 8119, driver: '470.256.02', cuda: '11.4', computeCapability: undefined }));
  const verdict = judge({ gpu: RENDER_GPU }, gtx1080);
  assert.equal(verdict.verdict, 'eligible');
  assert.deepEqual(verdict.reasons, []);
  assert.deepEqual(verdict.notes, [
    'could not check compute capability 3.0 or newer for NVIDIA GeForce GTX 1080: driver 470.256.02 does not report it (NVIDIA drivers report it from 510 on)',
  ]);
  // What was reported is still judged.
  const old = withGpus(nvidia({ model: 'GeForce GTX 780', vramMb: 8192, driver: '470.256.02', cuda: '11.4', computeCapability: '2.1' }));
  assert.deepEqual(judge({ gpu: RENDER_GPU }, old).reasons, ['needs compute capability 3.0 or newer; found 2.1']);
  // A CUDA version the driver did not name is unknown; with no driver at all there is no CUDA.
  const noCuda = withGpus(nvidia({ vramMb: 8192, driver: '396.54', cuda: undefined }));
  assert.deepEqual(judge({ gpu: { vendor: 'nvidia', minCuda: '9.0' } }, noCuda).notes, [
    'could not check CUDA 9.0 or newer: the driver of GPU did not report its CUDA version',
  ]);
});

test('an unchecked GPU is noted only when it is needed to reach the count', () => {
  const known = nvidia({ model: 'Known', vramMb: 24564 });
  const unknown = nvidia({ model: 'Unknown', vramMb: 24564, computeCapability: undefined, driver: '470.1' });
  const req = { gpu: { vendor: 'nvidia' as const, minComputeCapability: '7.0' } };
  assert.deepEqual(judge(req, withGpus(unknown, known)).notes, []);
  const two = judge({ gpu: { ...req.gpu, count: 2 } }, withGpus(unknown, known));
  assert.deepEqual(two.reasons, []);
  assert.equal(two.notes.length, 1);
  assert.match(two.notes[0]!, /for Unknown: driver 470.1 does not report it/);
});

test('versions: just below, at and just above minCuda, minDriver and minComputeCapability', () => {
  const ok = (req: Requirements['gpu'], gpu: Partial<HardwareGpu>) => judge({ gpu: req }, withGpus(nvidia({ vramMb: 8192, ...gpu }))).reasons.length === 0;
  const cuda = { vendor: 'nvidia' as const, minCuda: '12.1' };
  assert.equal(ok(cuda, { cuda: '12.0' }), false);
  assert.equal(ok(cuda, { cuda: '12.1' }), true);
  assert.equal(ok(cuda, { cuda: '12.10' }), true);
  const driver = { vendor: 'nvidia' as const, minDriver: '535.129.03' };
  assert.equal(ok(driver, { driver: '535.129.02' }), false);
  assert.equal(ok(driver, { driver: '535.129.03' }), true);
  assert.equal(ok(driver, { driver: '535.129.04' }), true);
  const cc = { vendor: 'nvidia' as const, minComputeCapability: '7.5' };
  assert.equal(ok(cc, { computeCapability: '7.0' }), false);
  assert.equal(ok(cc, { computeCapability: '7.5' }), true);
  assert.equal(ok(cc, { computeCapability: '8.0' }), true);
});

test('GPU count: one fewer, exactly, one more', () => {
  const req = { gpu: { vendor: 'nvidia' as const, count: 2, minVramGb: 16 } };
  const card = (n: number) => nvidia({ model: `T4 #${n}`, vramMb: 15360, ecc: true });
  assert.deepEqual(judge(req, withGpus(card(1))).reasons, ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found 1 (T4 #1)']);
  assert.deepEqual(judge(req, withGpus(card(1), card(2))).reasons, []);
  assert.deepEqual(judge(req, withGpus(card(1), card(2), card(3))).reasons, []);
});

test('CPU cores, memory and free disk: just below, at and just above', () => {
  const threads = (n: number) => judge({ cpuCores: 8 }, hw({ cpu: { ...base.cpu, threads: n, physicalCores: n } })).reasons;
  assert.deepEqual(threads(7), ['needs 8 CPU cores; found 7']);
  assert.deepEqual(threads(8), []);
  assert.deepEqual(threads(9), []);
  const memory = (totalBytes: number) => judge({ memoryGb: 32 }, hw({ memory: { totalBytes, availableBytes: 1 } })).reasons;
  assert.deepEqual(memory(32e9 - 1), ['needs 32 GB RAM; found 31.9 GB']);
  assert.deepEqual(memory(32e9), []);
  assert.deepEqual(memory(32e9 + 1), []);
  const disk = (freeBytes: number) => judge({ diskFreeGb: 500 }, hw({ disks: [{ mount: '/', fs: 'ext4', kind: 'ssd', sizeBytes: 1e12, freeBytes }] })).reasons;
  assert.deepEqual(disk(500e9 - 1), ['needs 500 GB free on one disk; found at most 499.9 GB free (on /)']);
  assert.deepEqual(disk(500e9), []);
  assert.deepEqual(disk(500e9 + 1), []);
});
