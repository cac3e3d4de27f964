// `depin status` and `depin earnings` as a user runs them, with a fake nvidia-smi on PATH replaying
// recorded answers: the GPU block, the sample kept in the history, and no GPU at all.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { resolvePaths } from '../../src/store/paths.js';
import { openPowerSamples } from '../../src/store/power-samples-db.js';
import { createFakeNvidiaSmi } from '../helpers/fake-nvidia-smi.js';
import { CAPTURES } from './nvidia-fixtures.js';

const homes: { cleanup(): void }[] = [];
after(() => homes.forEach((h) => h.cleanup()));

/** A fresh DEPIN_HOME whose PATH starts with a folder holding the fake (or nothing). */
function machine(spec?: Parameters<typeof createFakeNvidiaSmi>[1]): NodeJS.ProcessEnv {
  const home = tempHome();
  homes.push(home);
  const bin = join(home.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  if (spec) createFakeNvidiaSmi(bin, spec);
  // Only the fake's folder and node's: a real nvidia-smi of the test machine must not answer.
  return { ...home.env, PATH: `${bin}:${join(process.execPath, '..')}`, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
}

async function storedSamples(env: NodeJS.ProcessEnv) {
  const store = await openPowerSamples(resolvePaths(env).dbFile);
  try {
    return store.between(0);
  } finally {
    store.close();
  }
}

test('status --json lists the GPUs and keeps the sample in the history', async () => {
  const env = machine({ capture: CAPTURES.h200Load });
  const r = await runCli(['status', '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  const doc = r.json();
  assert.deepEqual(doc.nodes, []);
  assert.equal(doc.gpus.length, 1);
  const { sampledAt, ...gpu } = doc.gpus[0];
  assert.match(sampledAt, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(gpu, {
    index: 0,
    uuid: 'GPU-00000000-0000-0000-0000-000000000000',
    name: 'NVIDIA H200',
    powerW: 627.4,
    powerLimitW: 700,
    utilizationPercent: 100,
    memoryUsedMiB: 32362,
    memoryTotalMiB: 143771,
    temperatureC: 52,
  });
  const stored = await storedSamples(env);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].at, Date.parse(sampledAt));
  assert.equal(stored[0].powerW, 627.4);
});

test('status prints a GPU table; with MIG on the utilisation is n/a, not 0', async () => {
  const env = machine({ capture: CAPTURES.h200MigLoad });
  const r = await runCli(['status'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /gpu.*name.*utilisation.*memory.*temperature.*power/);
  assert.match(r.stdout, /NVIDIA H200.*n\/a.*16959 \/ 143771 MiB.*36 °C.*295\.0 \/ 700 W/);
  assert.doesNotMatch(r.stdout, / 0 %/);
});

test('no nvidia-smi: no GPUs, no warning, no history written', async () => {
  const env = machine();
  const r = await runCli(['status', '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json(), { nodes: [], gpus: [] });
  assert.equal(r.stderr, '');
  const text = await runCli(['status'], { env });
  assert.equal(text.stdout, '');
});

test('a broken driver does not fail status: a warning on stderr, no GPUs, JSON intact', async () => {
  const env = machine({
    stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
    exitCode: 9,
  });
  const r = await runCli(['status', '--json'], { env });
  assert.equal(r.code, 0);
  assert.deepEqual(r.json().gpus, []);
  assert.match(r.stderr, /GPUs: nvidia-smi exited with code 9: NVIDIA-SMI has failed/);
});

test('earnings --offline samples the GPUs too (sampling is local)', async () => {
  const env = machine({ capture: CAPTURES.rtx4080SuperLoad });
  const add = await runCli(['wallet', 'add', `0x${'11'.repeat(20)}`, '--chain', 'ethereum', '--network', 'storj'], { env });
  assert.equal(add.code, 0, add.stderr);
  const r = await runCli(['earnings', '--offline', '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  r.json();
  const stored = await storedSamples(env);
  assert.deepEqual(
    stored.map((s) => [s.name, s.powerW]),
    [['NVIDIA GeForce RTX 4080 SUPER', 84.24]],
  );
});

test('unreadable nvidia-smi output does not fail earnings: a warning, the JSON intact', async () => {
  const env = machine({ stdout: 'garbage, not a sample\n' });
  await runCli(['wallet', 'add', `0x${'22'.repeat(20)}`, '--chain', 'ethereum', '--network', 'storj'], { env });
  const r = await runCli(['earnings', '--offline', '--json'], { env });
  assert.equal(r.code, 0, r.stderr);
  r.json();
  assert.match(r.stderr, /GPU power not sampled: line 1 of nvidia-smi's output/);
});
