// The report's net profit section from the net computation: measured, partly measured, no samples,
// no kWh price, nothing joined; and the page section drawn from it, escaped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gpuEnergyByDay, type PowerPoint } from '../../src/core/gpu-energy.js';
import { computeNet, NO_KWH_PRICE } from '../../src/core/net-profit.js';
import { attributePower, type JoinedNode } from '../../src/core/power-attribution.js';
import { NOT_MEASURED_HERE, NOTHING_JOINED, NO_PRICED_NET, reportNet } from '../../src/core/report-net.js';
import { buildReportModel } from '../../src/core/report-model.js';
import { renderReportHtml } from '../../src/core/report-html.js';

const DAY = 86_400_000;
const SINCE = Date.UTC(2026, 2, 1);
const NOW = SINCE + 3 * DAY;
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03'];
const JOINED: JoinedNode[] = [
  { network: 'nosana', gpuNetwork: true, gpus: ['0'] },
  { network: 'storj', gpuNetwork: false },
];

/** GPU 0 at a steady 100 W, one sample a minute, from `fromH` to `toH` hours after SINCE. */
function steady(fromH: number, toH: number): PowerPoint[] {
  const points: PowerPoint[] = [];
  for (let s = fromH * 3600; s <= toH * 3600; s += 60)
    points.push({ at: SINCE + s * 1000, gpuIndex: 0, uuid: 'GPU-0', name: 'NVIDIA GeForce RTX 4090', powerW: 100 });
  return points;
}

function net(options: { points?: PowerPoint[]; kwhPrice?: number; joined?: JoinedNode[]; unpriced?: boolean } = {}) {
  const joined = options.joined ?? JOINED;
  const energy = gpuEnergyByDay(options.points ?? [], { maxGapSeconds: 300 });
  const gpus = [...new Map(energy.map((e) => [e.gpuIndex, { gpuIndex: e.gpuIndex, uuid: e.uuid, name: e.name }])).values()];
  const attributed = attributePower({ joined, gpus, baselineWatts: 60 });
  assert.ok(attributed.ok);
  const unpriced = options.unpriced ? ['NOS'] : [];
  return computeNet({
    currency: 'usd',
    since: SINCE,
    now: NOW,
    networks: ['nosana', 'storj', 'render'],
    joined: joined.map((n) => n.network),
    earned: [
      { network: 'nosana', day: '2026-03-01', value: 5, unpriced },
      { network: 'nosana', day: '2026-03-02', value: 2, unpriced },
      { network: 'storj', day: '2026-03-01', value: 1, unpriced: [] },
      { network: 'render', day: '2026-03-01', value: 3, unpriced: [] },
    ],
    energy,
    attribution: attributed.attribution,
    kwhPrice: options.kwhPrice,
    baselineWatts: 60,
  });
}

const near = (a: number | null, b: number, what: string) => assert.ok(a !== null && Math.abs(a - b) < 0.006, `${what}: ${a} is not ${b}`);

describe('report net profit section', () => {
  test('measured all period: a net per joined network and day, cost subtracted, and totals; networks not joined are not in it', () => {
    const section = reportNet(net({ points: steady(0, 72), kwhPrice: 0.3 }), DAYS);
    assert.deepEqual(section.missing, []);
    assert.deepEqual(
      section.series.map((s) => s.network),
      ['nosana', 'storj'],
    );
    const [nosana, storj] = section.series;
    // nosana: 100 W GPU for 24 h (2.4 kWh) + half of 60 W (0.72 kWh) = 3.12 kWh at 0.30 = 0.936 a day.
    near(nosana.values[0], 5 - 0.936, 'nosana day 1');
    near(nosana.values[1], 2 - 0.936, 'nosana day 2');
    near(nosana.values[2], -0.936, 'nosana day 3 earns nothing but is charged');
    // storj carries only its half of the baseline: 0.72 kWh, 0.216 a day.
    near(storj.values[0], 1 - 0.216, 'storj day 1');
    near(storj.values[1], -0.216, 'storj day 2');
    assert.deepEqual(nosana.partial, [false, false, false]);
    near(nosana.net, 7 - 3 * 0.936, 'nosana total');
    near(section.total.net, 7 - 3 * 0.936 + 1 - 3 * 0.216, 'all');
    near(section.total.powerCost, 3 * (0.936 + 0.216), 'cost');
    assert.equal(section.measuredDays, 3);
    assert.equal(section.kwhPrice, 0.3);
    for (const s of section.series) for (const v of s.values) assert.notEqual(v, null);
  });

  test('partly measured: unmeasured days have no net (not the gross), a partial day is flagged', () => {
    const section = reportNet(net({ points: steady(0, 30), kwhPrice: 0.3 }), DAYS);
    assert.deepEqual(section.missing, []);
    const nosana = section.series.find((s) => s.network === 'nosana')!;
    near(nosana.values[0], 5 - 0.936, 'whole day');
    // Day 2 measured for 6 h: charged a quarter of a day.
    near(nosana.values[1], 2 - 0.936 / 4, 'partial day');
    assert.deepEqual(nosana.partial, [false, true, false]);
    assert.equal(nosana.values[2], null, 'day 3 had no samples: no net, never the gross');
    assert.equal(section.measuredDays, 2);
    assert.equal(nosana.netDays, 2);
  });

  test('no samples: no series values and the page states power was not measured', () => {
    const section = reportNet(net({ kwhPrice: 0.3 }), DAYS);
    assert.deepEqual(section.missing, [NOT_MEASURED_HERE]);
    assert.match(section.missing[0], /^power not measured on this machine/);
    for (const s of section.series) assert.deepEqual(s.values, [null, null, null]);
  });

  test('no kWh price: the reason names the setting to set, and no net is known', () => {
    const section = reportNet(net({ points: steady(0, 72) }), DAYS);
    assert.deepEqual(section.missing, [NO_KWH_PRICE]);
    assert.match(section.missing[0], /depin config set power\.kwhPrice 0\.30/);
    assert.equal(section.total.net, null);
    assert.equal(section.total.powerCost, null);
  });

  test('nothing joined, or no day with priced earnings, says so', () => {
    assert.deepEqual(reportNet(net({ joined: [], points: steady(0, 72), kwhPrice: 0.3 }), DAYS).missing, [NOTHING_JOINED]);
    assert.deepEqual(reportNet(undefined, DAYS).missing, [NOTHING_JOINED, NOT_MEASURED_HERE]);
    const onlyGpuDays = reportNet(net({ joined: [JOINED[0]], points: steady(0, 30), kwhPrice: 0.3, unpriced: true }), DAYS);
    assert.deepEqual(onlyGpuDays.missing, [NO_PRICED_NET]);
  });

  test('the page: a net chart and totals when known, escaped; the reasons instead of a chart when not', () => {
    const model = (n: ReturnType<typeof net>) =>
      buildReportModel({ now: NOW, currency: 'USD', earnings: { days: DAYS, series: [] }, snapshots: [], priceOn: () => undefined, uptime: [], net: n });
    const assets = { js: 'window.uPlot = function () {};', css: '' };
    const known = model(net({ points: steady(0, 72), kwhPrice: 0.3 }));
    assert.deepEqual(known.networks, ['nosana', 'storj'], 'joined networks join the legend');
    const html = renderReportHtml(known, assets);
    assert.match(html, /<div id="chart-net"><\/div>/);
    assert.match(html, /<table id="net-totals">[\s\S]*nosana[\s\S]*storj[\s\S]*all joined networks/);
    assert.match(html, /At 0\.3 USD per kWh\. Power was measured on 3 of 3 days/);

    const none = renderReportHtml(model(net({ points: steady(0, 72) })), assets);
    assert.doesNotMatch(none, /id="chart-net"/);
    assert.doesNotMatch(none, /id="net-totals"/);
    assert.match(none, /No net profit is shown: no kWh price set \(depin config set power\.kwhPrice 0\.30\)\./);

    const evil = net({ joined: [{ network: '<b>x</b>', gpuNetwork: false }], points: steady(0, 72), kwhPrice: 0.3 });
    const escaped = renderReportHtml(model(evil), assets);
    assert.ok(!escaped.includes('<b>x</b>'));
    assert.ok(escaped.includes('&lt;b&gt;x&lt;/b&gt;'));
  });
});
