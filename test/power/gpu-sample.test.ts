// The GPU sample parser against recorded nvidia-smi output (replayed through the fake) and the
// shapes a driver prints when it cannot answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuSampleArgs, parseGpuSamples, type GpuSample } from '../../src/core/gpu-sample.js';
import { CAPTURES, sampleOutput } from './nvidia-fixtures.js';

function parsed(text: string): GpuSample[] {
  const r = parseGpuSamples(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

test('the query asks for the nine fields without header or units', () => {
  assert.deepEqual(gpuSampleArgs(), [
    '--query-gpu=index,uuid,name,power.draw,power.limit,utilization.gpu,memory.used,memory.total,temperature.gpu',
    '--format=csv,noheader,nounits',
  ]);
});

test('an H200 under load (recorded): every figure read', () => {
  const out = sampleOutput(CAPTURES.h200Load);
  assert.equal(out, '0, GPU-00000000-0000-0000-0000-000000000000, NVIDIA H200, 627.40, 700.00, 100, 32362, 143771, 52\n');
  assert.deepEqual(parsed(out), [
    {
      index: 0,
      uuid: 'GPU-00000000-0000-0000-0000-000000000000',
      name: 'NVIDIA H200',
      powerW: 627.4,
      powerLimitW: 700,
      utilizationPercent: 100,
      memoryUsedMiB: 32362,
      memoryTotalMiB: 143771,
      temperatureC: 52,
    },
  ]);
});

test('an H200 with MIG on (recorded): no whole-GPU utilisation, the rest is there', () => {
  const [gpu] = parsed(sampleOutput(CAPTURES.h200MigLoad));
  assert.equal(gpu.utilizationPercent, null);
  assert.equal(gpu.powerW, 295.01);
  assert.equal(gpu.memoryUsedMiB, 16959);
  assert.equal(gpu.temperatureC, 36);
});

test('consumer and workstation cards (recorded), idle and under load', () => {
  assert.deepEqual(
    [CAPTURES.rtx4080SuperLoad, CAPTURES.l40sLoad, CAPTURES.rtx2080SuperIdle, CAPTURES.h200Idle].map((c) => {
      const [g] = parsed(sampleOutput(c));
      return [g.name, g.powerW, g.utilizationPercent, g.memoryTotalMiB, g.temperatureC];
    }),
    [
      ['NVIDIA GeForce RTX 4080 SUPER', 84.24, 7, 16376, 46],
      ['NVIDIA L40S', 110.23, 9, 46068, 54],
      ['NVIDIA GeForce RTX 2080 SUPER', 39.17, 0, 8192, 33],
      ['NVIDIA H200', 77.71, 0, 143771, 28],
    ],
  );
});

test('[N/A], [Not Supported] and other refusals are null, never zero; blank lines and CRLF are fine', () => {
  // Composed: two GPUs, the second an older GeForce whose driver gives no power figures.
  const text =
    '\r\n0, GPU-1a2b, NVIDIA GeForce RTX 3090, 312.55, 350.00, 98, 20110, 24576, 71\r\n\r\n' +
    '1, GPU-3c4d, NVIDIA GeForce GTX 1050, [Not Supported], [N/A], 3, 512, 2048, [Unknown Error]\r\n';
  const [a, b] = parsed(text);
  assert.equal(a.powerW, 312.55);
  assert.equal(b.index, 1);
  assert.equal(b.powerW, null);
  assert.equal(b.powerLimitW, null);
  assert.equal(b.temperatureC, null);
  assert.equal(b.utilizationPercent, 3);
});

test('a name holding a comma keeps it', () => {
  const [g] = parsed('0, GPU-x, Tesla V100-SXM2-16GB, rev A, 40.1, 300.00, 0, 0, 16160, 30\n');
  assert.equal(g.name, 'Tesla V100-SXM2-16GB, rev A');
  assert.equal(g.powerW, 40.1);
});

test('no output and "No devices were found" are no GPUs', () => {
  assert.deepEqual(parsed(''), []);
  assert.deepEqual(parsed('\n\n'), []);
  assert.deepEqual(parsed('No devices were found\n'), []);
});

test('garbage is rejected with the line and what is wrong', () => {
  const cases: [string, RegExp][] = [
    [
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
      /line 1 .*has 1 field, not the 9 asked for.*NVIDIA-SMI has failed/,
    ],
    ['0, GPU-x, NVIDIA H200, 627.40 W, 700.00 W, 100 %, 32362 MiB, 143771 MiB, 52\n', /"627\.40 W" where power\.draw \(a number\) belongs/],
    ['zero, GPU-x, NVIDIA H200, 1, 2, 3, 4, 5, 6\n', /"zero" where the GPU index belongs/],
    ['0, GPU-x, NVIDIA H200, 1, 2, 3\n', /has 6 fields/],
    ['0, GPU-x, A, 1, 2, 3, 4, 5, 6\n0, GPU-y, B, 1, 2, 3, 4, 5, 6\n', /line 2 .*repeats GPU 0/],
    ['0, GPU-x, A, 1, 2, 3, 4, 5, 6\n<html>oops</html>\n', /line 2 /],
  ];
  for (const [text, reason] of cases) {
    const r = parseGpuSamples(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.error, reason);
  }
});
