// Which joined network carries which GPU and which share of the baseline, and the `power.split` syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributePower, nodeGpus, type JoinedNode } from '../../src/core/power-attribution.js';
import { parseSplit } from '../../src/core/power-split.js';
import type { Resource } from '../../src/plugin-api/resources.js';

const gpu0 = { gpuIndex: 0, uuid: 'GPU-5c1d9f63-aaaa-bbbb-cccc-000000000000', name: 'NVIDIA GeForce RTX 4090' };
const gpu1 = { gpuIndex: 1, uuid: 'GPU-0f2e8a11-aaaa-bbbb-cccc-111111111111', name: 'NVIDIA GeForce RTX 3090' };

function attribute(joined: JoinedNode[], split?: Record<string, number>, gpus = [gpu0, gpu1]) {
  const result = attributePower({ joined, gpus, split, baselineWatts: 60 });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.attribution;
}

const container = (gpus?: 'all' | string[]): Resource =>
  ({
    kind: 'container',
    name: 'n',
    image: 'x/y:1',
    ports: [],
    mounts: [],
    env: {},
    secretEnv: {},
    restart: 'unless-stopped',
    ...(gpus ? { gpus } : {}),
  }) as Resource;

test('the GPUs of a joined network are those its long-running containers were given', () => {
  assert.equal(nodeGpus([container()]), undefined);
  assert.deepEqual(nodeGpus([container(['1']), container(['GPU-x', '1'])]), ['1', 'GPU-x']);
  assert.equal(nodeGpus([container(['0']), container('all')]), 'all');
  const setup = { ...container(['0']), kind: 'container-run', description: 'setup', creates: '/x' } as Resource;
  assert.equal(nodeGpus([setup]), undefined, 'a one-time setup run does not hold a GPU');
});

test('a GPU given to one network (by index or UUID) is charged to it alone', () => {
  const a = attribute([
    { network: 'nosana', gpuNetwork: true, gpus: ['0'] },
    { network: 'ionet', gpuNetwork: true, gpus: [gpu1.uuid.toUpperCase()] },
    { network: 'storj', gpuNetwork: false },
  ]);
  assert.deepEqual(
    a.gpus.map((g) => [g.gpuIndex, g.networks, g.rule]),
    [
      [0, ['nosana'], 'given'],
      [1, ['ionet'], 'given'],
    ],
  );
  assert.match(a.text[0], /GPU 0 \(NVIDIA GeForce RTX 4090\): charged to nosana \(its container was given this GPU\)/);
});

test('a GPU no container names is shared by the joined GPU networks free to use any GPU', () => {
  const a = attribute([
    { network: 'render', gpuNetwork: true },
    { network: 'ionet', gpuNetwork: true },
    { network: 'nosana', gpuNetwork: true, gpus: ['0'] },
    { network: 'storj', gpuNetwork: false },
  ]);
  assert.deepEqual(a.gpus[0].networks, ['nosana']);
  assert.deepEqual(a.gpus[1].networks, ['ionet', 'render'], 'nosana was given GPU 0 only; storj uses no GPU');
  assert.equal(a.gpus[1].rule, 'shared');
  assert.match(a.text[1], /share evenly/);
});

test('a GPU that no joined network uses is charged to none and said so', () => {
  const a = attribute([{ network: 'storj', gpuNetwork: false }]);
  assert.deepEqual(
    a.gpus.map((g) => g.rule),
    ['none', 'none'],
  );
  assert.match(a.text[0], /not charged to any network/);
});

test('the baseline is split evenly across the joined networks by default', () => {
  const a = attribute([
    { network: 'storj', gpuNetwork: false },
    { network: 'render', gpuNetwork: true },
    { network: 'iotex', gpuNetwork: false },
  ]);
  assert.equal(a.baseline.rule, 'even');
  for (const id of ['storj', 'render', 'iotex']) assert.equal(a.baseline.shares[id], 1 / 3);
  assert.match(a.text.at(-1)!, /Baseline 60 W .* split evenly across the joined networks iotex, render, storj/);
});

test('power.split weights the baseline; unlisted networks carry none, networks not joined are ignored', () => {
  const a = attribute(
    [
      { network: 'storj', gpuNetwork: false },
      { network: 'render', gpuNetwork: true },
      { network: 'iotex', gpuNetwork: false },
    ],
    { render: 2, storj: 1, helium: 5 },
  );
  assert.equal(a.baseline.rule, 'split');
  assert.deepEqual(a.baseline.shares, { iotex: 0, render: 2 / 3, storj: 1 / 3 });
  assert.deepEqual(a.splitNotJoined, ['helium']);
  assert.match(a.text.at(-1)!, /render 66\.7%, storj 33\.3% \(iotex not listed, so none\); helium not joined here, ignored/);
});

test('a split that gives no joined network any weight is refused with the command that fixes it', () => {
  const result = attributePower({ joined: [{ network: 'storj', gpuNetwork: false }], gpus: [], split: { render: 1 }, baselineWatts: 60 });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.error, /power\.split gives no weight to any joined network \(joined here: storj\)/);
  assert.match(result.fix, /depin config set power\.split storj=1/);
});

test('with nothing joined the baseline goes to nobody', () => {
  const a = attribute([], undefined, []);
  assert.equal(a.baseline.rule, 'none');
  assert.deepEqual(a.baseline.shares, {});
});

test('power.split syntax: pairs of id=weight, weights in digits, one above 0', () => {
  assert.deepEqual(parseSplit(' render=2, storj=1 '), { ok: true, weights: { render: 2, storj: 1 } });
  assert.deepEqual(parseSplit('render=0.5,storj=0'), { ok: true, weights: { render: 0.5, storj: 0 } });
  const bad: [string, RegExp][] = [
    ['', /network=weight pairs/],
    ['render', /"render" is not network=weight/],
    ['render=two', /weight of render must be a number/],
    ['render=-1', /weight of render must be a number/],
    ['render=1e3', /weight of render must be a number/],
    ['Render=1', /"Render" is not a network id/],
    ['render=1,render=2', /render is listed twice/],
    ['render=0,storj=0', /at least one weight must be above 0/],
  ];
  for (const [text, why] of bad) {
    const r = parseSplit(text);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.error, why, text);
  }
});

test('without baseline watts the text says only GPU draw is charged; the split is still checked', () => {
  const result = attributePower({ joined: [{ network: 'storj', gpuNetwork: false }], gpus: [], baselineWatts: 0 });
  assert.ok(result.ok);
  if (result.ok) assert.deepEqual(result.attribution.text, ['Baseline: none set, so only the GPUs’ measured draw is charged.']);
  const bad = attributePower({ joined: [{ network: 'storj', gpuNetwork: false }], gpus: [], split: { render: 1 }, baselineWatts: 0 });
  assert.equal(bad.ok, false);
});
