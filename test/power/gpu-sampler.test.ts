// nvidia-smi run through the process runner: missing, recorded answers, failures, a hang.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gpuSampleArgs } from '../../src/core/gpu-sample.js';
import { sampleGpus } from '../../src/system/gpu-sampler.js';
import { readArgv } from '../helpers/fake-bin.js';
import { createFakeNvidiaSmi, type FakeNvidiaSmiSpec } from '../helpers/fake-nvidia-smi.js';
import { CAPTURES } from './nvidia-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'depin-sampler-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function fake(spec: FakeNvidiaSmiSpec): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = join(root, String(n++));
  createFakeNvidiaSmi(dir, spec);
  return { dir, env: { PATH: dir } };
}

test('no nvidia-smi on PATH: no samples and no problem', async () => {
  const empty = join(root, 'empty');
  mkdirSync(empty);
  const r = await sampleGpus({ env: { PATH: empty }, now: () => 42 });
  assert.deepEqual(r, { reading: { at: 42, gpus: [] } });
});

test('a recorded answer becomes one reading, from one call with the sample query', async () => {
  const { dir, env } = fake({ capture: CAPTURES.h200Load });
  const r = await sampleGpus({ env, now: () => 1_000 });
  assert.equal(r.problem, undefined);
  assert.equal(r.reading.at, 1_000);
  assert.equal(r.reading.gpus[0].powerW, 627.4);
  assert.deepEqual(readArgv(dir, 'nvidia-smi'), [gpuSampleArgs()]);
});

test('a driver that cannot be reached: no samples, the reason given', async () => {
  const { env } = fake({
    stdout:
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
    exitCode: 9,
  });
  const r = await sampleGpus({ env });
  assert.deepEqual(r.reading.gpus, []);
  assert.match(r.problem ?? '', /exited with code 9: NVIDIA-SMI has failed because it couldn't communicate/);
});

test('"No devices were found" (exit 6) is a machine without GPUs, not a problem', async () => {
  const r = await sampleGpus({ env: fake({ stdout: 'No devices were found\n', exitCode: 6 }).env });
  assert.deepEqual(r.reading.gpus, []);
  assert.equal(r.problem, undefined);
});

test('a field the driver does not know is a problem naming it', async () => {
  // Composed, in the words drivers use for a field they do not know (as in ../fixtures/hardware/nvidia-smi-gtx1060-compute-cap-error.txt).
  const { env } = fake({ stdout: 'Field "power.draw" is not a valid field to query.\n\n', exitCode: 2 });
  const r = await sampleGpus({ env });
  assert.match(r.problem ?? '', /code 2: Field "power\.draw" is not a valid field/);
});

test('garbage on stdout with exit 0 is rejected, not half-stored', async () => {
  const r = await sampleGpus({ env: fake({ stdout: '0, GPU-x, NVIDIA H200, 627.40 W, 700.00 W, 100 %, 1 MiB, 2 MiB, 52\n' }).env });
  assert.deepEqual(r.reading.gpus, []);
  assert.match(r.problem ?? '', /where power\.draw \(a number\) belongs/);
});

test('a hung nvidia-smi is stopped at the time limit', async () => {
  const started = Date.now();
  const r = await sampleGpus({ env: fake({ hang: true }).env, timeoutMs: 300 });
  assert.deepEqual(r.reading.gpus, []);
  assert.match(r.problem ?? '', /did not finish within 300 ms/);
  assert.ok(Date.now() - started < 5000);
});
