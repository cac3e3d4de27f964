import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hardwareSummary } from '../../src/commands/hardware-summary.js';
import { painter } from '../../src/cli/style.js';
import { nvidiaRowsToGpus, parseNvidiaQueryCsv } from '../../src/hardware/parse-nvidia-smi.js';
import { parseNvidiaXml } from '../../src/hardware/parse-nvidia-xml.js';
import { fixtureProfile, fixtureText } from './fixtures.js';

const gpuLines = (gpus: ReturnType<typeof nvidiaRowsToGpus>) =>
  hardwareSummary({ ...fixtureProfile('profile-rtx4090-workstation.json'), gpus }, painter(false))
    .split('\n')
    .filter((line) => /GB VRAM/.test(line))
    .map((line) => line.replace(/^GPUs\s+/, '').trim());

test('detect shows VRAM as the card is sold, from recorded nvidia-smi output', () => {
  const fromXml = (name: string) => {
    const parsed = parseNvidiaXml(fixtureText(name));
    return nvidiaRowsToGpus(parsed.gpus, parsed);
  };
  const fromCsv = (name: string, cuda: string) => nvidiaRowsToGpus(parseNvidiaQueryCsv(fixtureText(name)), { cuda });
  assert.deepEqual(gpuLines(fromXml('nvidia-smi-tesla-t4-515.105.01-q-x.xml')), ['Tesla T4, 16 GB VRAM, driver 515.105.01, CUDA 11.7']);
  assert.deepEqual(gpuLines(fromXml('nvidia-smi-a10g-515.105.01-q-x.xml')), ['NVIDIA A10G, 24 GB VRAM, driver 515.105.01, CUDA 11.7']);
  assert.deepEqual(gpuLines(fromCsv('nvidia-smi-l40s-595.80-query.csv', '13.2')), ['NVIDIA L40S, 48 GB VRAM, driver 595.80, CUDA 13.2, cc 8.9']);
  assert.deepEqual(gpuLines(fromCsv('nvidia-smi-h200-590.48.01-query.csv', '13.1')), ['NVIDIA H200, 141 GB VRAM, driver 590.48.01, CUDA 13.1, cc 9.0']);
});

test('detect shows MIG mode, and the whole card’s memory under MIG', () => {
  const parsed = parseNvidiaXml(fixtureText('nvidia-smi-a100-sxm4-80gb-mig-535.54.03-q-x.xml'));
  assert.deepEqual(gpuLines(nvidiaRowsToGpus(parsed.gpus, parsed)), ['NVIDIA A100-SXM4-80GB, 80 GB VRAM, driver 535.54.03, CUDA 12.2, MIG on (4 slices)']);
  const csv = nvidiaRowsToGpus(parseNvidiaQueryCsv(fixtureText('nvidia-smi-h200-mig-590.48.01-query.csv')), { cuda: '13.1' });
  assert.deepEqual(gpuLines(csv), ['NVIDIA H200, 141 GB VRAM, driver 590.48.01, CUDA 13.1, cc 9.0, MIG on']);
});
