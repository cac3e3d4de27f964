import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { uptimeByDay } from '../../src/core/report-uptime.js';
import { buildReportModel, holdingsByDay } from '../../src/core/report-model.js';
import { escapeHtml, renderReportHtml, scriptJson } from '../../src/core/report-html.js';
import type { OpsEvent } from '../../src/core/watchdog-event.js';
import type { SnapshotRow } from '../../src/domain/records.js';

const H = 3_600_000;
const t = (day: number, hour = 0) => Date.UTC(2025, 4, day, hour);
const health = (at: number, to: string, network = 'storj'): OpsEvent => ({ at, network, kind: 'health', detail: `→ ${to}`, data: { from: 'x', to } });
const days = ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04'];

describe('uptime per day from the event log', () => {
  test('running time over watched time; a state carries over a daemon restart; unwatched time counts neither way', () => {
    const events: OpsEvent[] = [
      { at: t(1, 0), kind: 'daemon-started', detail: '' },
      health(t(1, 0), 'running'),
      health(t(1, 18), 'stopped'), // 6 h down of 24
      health(t(1, 20), 'running'),
      { at: t(2, 12), kind: 'daemon-stopped', detail: '' },
      // Not watched from 2 May 12:00 to 3 May 12:00; the node was last known running.
      { at: t(3, 12), kind: 'daemon-started', detail: '' },
      health(t(4, 6), 'degraded'),
    ];
    const [storj] = uptimeByDay(events, days, t(4, 12));
    assert.equal(storj.network, 'storj');
    assert.deepEqual(storj.uptime, [22 / 24, 1, 1, 0.5]);
  });

  test('a daemon that ended without a stop record is watched until the next start; a day before any start is null', () => {
    const events: OpsEvent[] = [
      { at: t(2, 0), kind: 'daemon-started', detail: '' },
      health(t(2, 0), 'stopped'),
      { at: t(3, 0), kind: 'daemon-started', detail: '' },
      health(t(3, 12), 'running'),
    ];
    const [s] = uptimeByDay(events, days, t(4, 0));
    assert.deepEqual(s.uptime, [null, 0, 0.5, null]);
  });

  test('networks apart, sorted; no health events means no series', () => {
    const events = [{ at: t(1), kind: 'daemon-started', detail: '' } as OpsEvent, health(t(1), 'running', 'zeta'), health(t(1), 'stopped', 'alpha')];
    assert.deepEqual(
      uptimeByDay(events, days.slice(0, 1), t(2)).map((u) => [u.network, u.uptime[0]]),
      [
        ['alpha', 0],
        ['zeta', 1],
      ],
    );
    assert.deepEqual(uptimeByDay([{ at: t(1), kind: 'daemon-started', detail: '' }], days, t(4)), []);
  });
});

const snap = (takenAt: number, raw: bigint, extra: Partial<SnapshotRow> = {}): SnapshotRow => ({
  takenAt,
  wallet: 'w',
  chain: 'ethereum',
  network: 'storj',
  symbol: 'STORJ',
  token: '0xb64e',
  decimals: 8,
  raw,
  coingeckoId: 'storj',
  ...extra,
});

describe('report model', () => {
  test('holdings: the closing balance of each day at that day price; unknown before the first read; unpriced left out', () => {
    const snapshots = [snap(t(2, 6), 100_000_000n), snap(t(3, 6), 300_000_000n), snap(t(2, 6), 5n, { network: 'x', coingeckoId: 'nothing', token: 'n' })];
    const priceOn = (id: string, date: string) => (id === 'storj' ? (date === '2025-05-03' ? 1 : 0.5) : undefined);
    assert.deepEqual(holdingsByDay(snapshots, days, t(4, 12), priceOn), [
      { network: 'storj', values: [null, 0.5, 3, 1.5], unpriced: [false, false, false, false] },
      { network: 'x', values: [null, null, null, null], unpriced: [false, true, true, true] },
    ]);
  });

  test('the model has the union of networks, rounded totals, and no uptime section when the daemon never ran', () => {
    const model = buildReportModel({
      now: t(4, 12),
      currency: 'USD',
      earnings: { days, series: [{ network: 'storj', values: [0.1, 0.2, 0, 1 / 3], unpriced: [false, false, true, false] }] },
      snapshots: [snap(t(1, 1), 1n, { network: 'render' })],
      priceOn: () => 2,
      uptime: [],
    });
    assert.deepEqual(model.networks, ['render', 'storj']);
    assert.equal(model.earnings[0].total, 0.63);
    assert.equal(model.uptime, null);
    assert.equal(model.x[1] - model.x[0], 86_400);
    assert.equal(model.from, '2025-05-01');
  });
});

describe('report page', () => {
  const model = buildReportModel({
    now: t(4, 12),
    currency: 'USD',
    earnings: { days, series: [{ network: '<img src=x onerror=alert(1)>', values: [1, 2, 3, 4], unpriced: [false, false, false, false] }] },
    snapshots: [],
    priceOn: () => undefined,
    uptime: [{ network: '</script><script>alert(2)</script>', uptime: [1, null, 0.5, 1] }],
  });
  const html = renderReportHtml(model, { js: 'window.uPlot = function () {};', css: '.u-legend{}' });

  test('every name is escaped in markup and in the embedded data', () => {
    assert.ok(!html.includes('<img src=x'), 'no raw markup from a network name');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.equal(html.match(/<\/script>/g)!.length, 3, 'only the three script elements close');
    assert.equal(JSON.parse(scriptJson({ s: '</script><!--\u2028&' })).s, '</script><!--\u2028&');
    assert.ok(!scriptJson({ s: '</script>' }).includes('<'));
    assert.equal(escapeHtml(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
  });

  test('the policy forbids every request and allows exactly the two inline scripts by hash', () => {
    const csp = /content="([^"]*default-src[^"]*)"/.exec(html)![1].replace(/&#39;/g, "'");
    assert.match(
      csp,
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'$/,
    );
    assert.ok(!/https?:\/\//.test(html.replace(/<script>[\s\S]*?<\/script>/g, '')), 'no address in the markup');
  });

  test('a chart library that would close its element is refused rather than embedded', () => {
    assert.throws(() => renderReportHtml(model, { js: 'x="</SCRIPT>"', css: '' }), /cannot be embedded/);
  });
});
