// Net profit per network and day from earned values, measured GPU energy and the attribution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuEnergyByDay, type PowerPoint } from '../../src/core/gpu-energy.js';
import { computeNet, NO_KWH_PRICE, type NetInput } from '../../src/core/net-profit.js';
import { attributePower, type JoinedNode } from '../../src/core/power-attribution.js';
import { earnedValueByDay } from '../../src/core/earned-by-day.js';
import type { SnapshotRow } from '../../src/domain/records.js';
import { dayPriceBook } from '../../src/core/day-prices.js';

const DAY = 86_400_000;
const SINCE = Date.UTC(2026, 2, 1);
const NOW = SINCE + 3 * DAY;
const close = (a: number | null, b: number, what = '') => assert.ok(a !== null && Math.abs(a - b) < 1e-6, `${what}: ${a} is not ${b}`);

/** GPU 0 at a steady 100 W, one sample a minute, from `fromH` to `toH` hours after SINCE. */
function steady(fromH: number, toH: number, gpuIndex = 0): PowerPoint[] {
  const points: PowerPoint[] = [];
  for (let s = fromH * 3600; s <= toH * 3600; s += 60)
    points.push({ at: SINCE + s * 1000, gpuIndex, uuid: `GPU-${gpuIndex}`, name: 'NVIDIA GeForce RTX 4090', powerW: 100 });
  return points;
}

function input(over: Partial<NetInput> & { joinedNodes?: JoinedNode[]; points?: PowerPoint[] } = {}): NetInput {
  const joinedNodes = over.joinedNodes ?? [
    { network: 'nosana', gpuNetwork: true, gpus: ['0'] },
    { network: 'storj', gpuNetwork: false },
  ];
  // Day 1 measured whole; day 2 for its first 6 hours, then a gap; day 3 not at all.
  const energy = gpuEnergyByDay(over.points ?? [...steady(0, 24), ...steady(24, 30)], { maxGapSeconds: 300 });
  const gpus = [...new Map(energy.map((e) => [e.gpuIndex, { gpuIndex: e.gpuIndex, uuid: e.uuid, name: e.name }])).values()];
  const attributed = attributePower({ joined: joinedNodes, gpus, baselineWatts: over.baselineWatts ?? 60 });
  assert.ok(attributed.ok);
  return {
    currency: 'usd',
    since: SINCE,
    now: NOW,
    networks: ['nosana', 'storj', 'render'],
    joined: joinedNodes.map((n) => n.network),
    earned: [
      { network: 'nosana', day: '2026-03-01', value: 5, unpriced: [] },
      { network: 'storj', day: '2026-03-01', value: 1, unpriced: [] },
      { network: 'nosana', day: '2026-03-03', value: 2, unpriced: [] },
      { network: 'storj', day: '2026-03-02', value: 0.5, unpriced: ['STORJ'] },
      { network: 'render', day: '2026-03-01', value: 3, unpriced: [] },
    ],
    energy,
    attribution: attributed.attribution,
    kwhPrice: 0.3,
    baselineWatts: 60,
    ...over,
  };
}

test('a GPU given to one network is charged to it; the baseline is split evenly; net = earned - cost', () => {
  const report = computeNet(input());
  const nosana = report.networks.find((n) => n.network === 'nosana')!;
  const [d1, d2, d3] = nosana.days;
  // 100 W for 24 h = 2.4 kWh, plus half of 60 W for 24 h = 0.72 kWh.
  assert.equal(d1.power, 'measured');
  close(d1.gpuKWh, 2.4, 'gpu');
  close(d1.baselineKWh, 0.72, 'baseline');
  close(d1.kWh, 3.12, 'kWh');
  close(d1.powerCost, 0.936, 'cost');
  close(d1.net, 5 - 0.936, 'net');
  assert.deepEqual(d1.notes, []);

  // Partly measured: the cost stands for the 6 measured hours and the day says so.
  assert.equal(d2.day, '2026-03-02');
  assert.equal(d2.power, 'partial');
  assert.equal(d2.measuredSeconds, 6 * 3600);
  close(d2.kWh, 0.6 + 0.18, 'partial kWh');
  close(d2.net, 0 - 0.78 * 0.3, 'a measured day with nothing earned costs');
  assert.deepEqual(d2.notes, ['power measured for 6.0 h of 24.0 h']);

  // No samples: no net, never net = gross.
  assert.equal(d3.power, 'not-measured');
  assert.equal(d3.earned, 2);
  assert.equal(d3.kWh, null);
  assert.equal(d3.net, null);
  assert.deepEqual(d3.notes, ['power not measured']);

  close(nosana.totals.earned, 7);
  close(nosana.totals.net, 5 - 0.936 - 0.234);
  assert.equal(nosana.totals.netDays, 2);
  assert.equal(nosana.totals.days, 3);

  const storj = report.networks.find((n) => n.network === 'storj')!;
  close(storj.days[0].kWh, 0.72, 'storj carries only its baseline share');
  close(storj.days[0].net, 1 - 0.216);
  assert.equal(storj.days[1].earned, null, 'an unpriced earning leaves the value unknown');
  assert.equal(storj.days[1].net, null);
  assert.ok(storj.days[1].notes.includes('no price for STORJ on 2026-03-02'));
  assert.equal(storj.totals.earnedComplete, false);
});

test('a network that is not joined here is charged nothing and has no net', () => {
  const report = computeNet(input());
  const render = report.networks.find((n) => n.network === 'render')!;
  assert.equal(render.joined, false);
  assert.equal(render.days[0].power, 'not-joined');
  assert.equal(render.days[0].net, null);
  assert.equal(render.days[0].kWh, null);
});

test('without a kWh price, kWh are shown and cost and net are not', () => {
  const report = computeNet(input({ kwhPrice: undefined }));
  const d1 = report.networks.find((n) => n.network === 'nosana')!.days[0];
  close(d1.kWh, 3.12);
  assert.equal(d1.powerCost, null);
  assert.equal(d1.net, null);
  assert.ok(d1.notes.includes(NO_KWH_PRICE));
  assert.equal(NO_KWH_PRICE, 'no kWh price set (depin config set power.kwhPrice 0.30)');
  assert.equal(report.totals.net, null);
  assert.equal(report.totals.powerCost, null);
  assert.match(report.notes[0], /^no kWh price set/);
});

test('a GPU shared by two GPU networks is split between them; a zero baseline adds nothing', () => {
  const report = computeNet(
    input({
      baselineWatts: 0,
      joinedNodes: [
        { network: 'render', gpuNetwork: true },
        { network: 'ionet', gpuNetwork: true },
      ],
      networks: ['render', 'ionet'],
      points: steady(0, 24),
    }),
  );
  for (const n of report.networks) {
    close(n.days[0].gpuKWh, 1.2, n.network);
    close(n.days[0].baselineKWh, 0, n.network);
  }
  assert.ok(report.notes.some((n) => n.startsWith('No baseline set')));
});

test('weighted baseline with power.split, and a GPU nobody uses left unattributed', () => {
  const joined = [
    { network: 'storj', gpuNetwork: false },
    { network: 'iotex', gpuNetwork: false },
  ];
  const base = input({ joinedNodes: joined, networks: ['storj', 'iotex'], points: steady(0, 24) });
  const attributed = attributePower({ joined, gpus: base.attribution.gpus, split: { storj: 3, iotex: 1 }, baselineWatts: 60 });
  assert.ok(attributed.ok);
  const report = computeNet({ ...base, attribution: attributed.attribution });
  close(report.networks.find((n) => n.network === 'storj')!.days[0].kWh, 1.44 * 0.75);
  close(report.networks.find((n) => n.network === 'iotex')!.days[0].kWh, 1.44 * 0.25);
  close(report.totals.unattributedKWh, 2.4, 'the GPU no joined network uses');
  assert.ok(report.notes.some((n) => /2\.4 kWh measured are charged to no network/.test(n)));
});

test('no samples at all: every joined day says power not measured', () => {
  const report = computeNet(input({ points: [] }));
  assert.ok(report.notes.some((n) => n.startsWith('power not measured in this period')));
  const joinedDays = report.networks.filter((n) => n.joined).flatMap((n) => n.days);
  assert.equal(joinedDays.length, 4, 'the days with earnings of the joined networks');
  for (const d of joinedDays) {
    assert.equal(d.power, 'not-measured', d.day);
    assert.equal(d.net, null, d.day);
    assert.ok(d.notes.includes('power not measured'), d.day);
  }
  assert.equal(report.totals.net, null);
});

test('earned value per network and day from snapshots and the prices kept in the history', () => {
  const row = (hours: number, raw: bigint, over: Partial<SnapshotRow> = {}): SnapshotRow => ({
    takenAt: SINCE + hours * 3_600_000,
    wallet: '0x1111111111111111111111111111111111111111',
    chain: 'ethereum',
    network: 'storj',
    symbol: 'STORJ',
    token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
    decimals: 8,
    raw,
    coingeckoId: 'storj',
    ...over,
  });
  const snapshots = [
    row(-1, 0n),
    row(5, 100_000_000n),
    row(30, 300_000_000n),
    row(31, 0n, { network: 'grass', symbol: 'GRASS', token: 'g', decimals: 0, coingeckoId: undefined }),
    row(32, 7n, { network: 'grass', symbol: 'GRASS', token: 'g', decimals: 0, coingeckoId: undefined }),
  ];
  // Spot prices fetched on those days: what a day without a daily price is valued by.
  const prices = dayPriceBook(
    [],
    [
      { id: 'storj', currency: 'usd', price: 0.5, fetchedAt: SINCE + 4 * 3_600_000 },
      { id: 'storj', currency: 'usd', price: 0.25, fetchedAt: SINCE + 29 * 3_600_000 },
    ],
  );
  const earned = earnedValueByDay(snapshots, prices, { since: SINCE, now: NOW, currency: 'usd' });
  assert.deepEqual(
    earned.sort((a, b) => a.day.localeCompare(b.day) || a.network.localeCompare(b.network)),
    [
      { network: 'storj', day: '2026-03-01', value: 0.5, unpriced: [] },
      { network: 'grass', day: '2026-03-02', value: 0, unpriced: ['GRASS'] },
      { network: 'storj', day: '2026-03-02', value: 0.5, unpriced: [] },
    ],
  );
});
