import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderChart } from '../../src/core/terminal-chart.js';
import { dailyValues, dailyValuesFromSnapshots, daysBetween, priceFromBook, type DailyValues } from '../../src/core/daily-values.js';
import { dayPriceBook } from '../../src/core/day-prices.js';
import { buildLedger } from '../../src/core/ledger.js';
import type { SnapshotRow } from '../../src/domain/records.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const plainWidth = (line: string) => [...line.replace(ANSI, '')].length;

function data(days: number, series: Record<string, (i: number) => number>, unpriced: Record<string, number[]> = {}): DailyValues {
  const list = Array.from({ length: days }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  return {
    days: list,
    series: Object.entries(series).map(([network, f]) => ({
      network,
      values: list.map((_, i) => f(i)),
      unpriced: list.map((_, i) => (unpriced[network] ?? []).includes(i)),
    })),
  };
}

describe('terminal chart', () => {
  test('plain mode is ASCII only, fits the width, and stacks each network with its own glyph', () => {
    const chart = renderChart(data(30, { render: (i) => i, storj: () => 2 }), { width: 72, colour: false, currency: 'USD' });
    for (const line of chart.trimEnd().split('\n')) {
      assert.ok(line.length <= 72, `line wider than 72: ${JSON.stringify(line)}`);
      assert.match(line, /^[\x20-\x7e]*$/, `not plain ASCII: ${JSON.stringify(line)}`);
    }
    assert.match(chart, /# render 435 USD/);
    assert.match(chart, /= storj 60\.00 USD/);
    // The tallest day is the last one: 29 + 2.
    assert.match(chart, /^31\.00 \|/m);
    const rows = chart.split('\n').filter((l) => l.includes('|'));
    // Networks stack in order: render (#) at the bottom of the last day, storj (=) on top of it;
    // the first day has only storj.
    assert.ok(rows.at(-1)!.trimEnd().endsWith('#'), rows.at(-1));
    assert.ok(rows.at(-1)!.split('|')[1].startsWith('='), rows.at(-1));
    assert.ok(rows[0].trimEnd().endsWith('='), rows[0]);
    assert.ok(!rows[0].includes('#'), rows[0]);
    assert.ok(chart.includes('2025-01-01') && chart.includes('2025-01-30'));
  });

  test('colour mode paints a different ANSI colour per network, and the legend shows each', () => {
    const chart = renderChart(data(10, { a: () => 1, b: () => 1 }), { width: 60, colour: true, currency: 'USD' });
    assert.ok(chart.includes('\u001b[36m\u2588'), 'first network in cyan blocks');
    assert.ok(chart.includes('\u001b[35m\u2588'), 'second network in magenta blocks');
    assert.match(chart.replace(ANSI, ''), /\u2588 a 10\.00 USD/);
    for (const line of chart.trimEnd().split('\n')) assert.ok(plainWidth(line) <= 60);
  });

  test('a day with earnings but no price carries a ?, also on a day with no bar and on a full-height bar', () => {
    const d = data(5, { a: (i) => (i === 4 ? 10 : i === 2 ? 0 : 1) }, { a: [2, 4] });
    const chart = renderChart(d, { width: 40, height: 5, colour: false, currency: 'USD' });
    const rows = chart.split('\n').filter((l) => l.includes('|'));
    const plot = rows.map((r) => r.split('|')[1]);
    const cell = plot[0].length / 5;
    const column = (day: number) =>
      plot
        .map((r) =>
          r
            .slice(day * cell, (day + 1) * cell)
            .trim()
            .slice(0, 1),
        )
        .join('/');
    assert.ok(chart.includes('? earnings on a day with no price'));
    assert.equal(column(2), '////?', 'the unpriced day without a bar has ? on the axis');
    assert.equal(column(4), '?/#/#/#/#', 'the full-height unpriced day has ? on its top');
    assert.equal(column(0), '////#', 'a priced day has no ?');
    assert.match(chart, /a 13\.00 USD \(\+ unpriced days\)/);
  });

  test('more days than columns: days are grouped and the chart still fits', () => {
    const chart = renderChart(data(365, { a: (i) => i % 7 }), { width: 50, colour: false, currency: 'USD' });
    for (const line of chart.trimEnd().split('\n')) assert.ok(line.length <= 50, line);
    assert.match(chart, /each column is \d+ days/);
  });

  test('nothing earned says so instead of drawing an empty frame', () => {
    assert.match(renderChart(data(7, { a: () => 0 }), { width: 80, colour: false, currency: 'USD' }), /No earnings recorded in this period/);
    assert.match(renderChart({ days: [], series: [] }, { width: 80, colour: false, currency: 'USD' }), /No earnings recorded/);
  });

  test('daily values: rows summed per network and day; an amount without a value marks the day unpriced, not zero', () => {
    const since = Date.UTC(2025, 0, 1, 12);
    const now = Date.UTC(2025, 0, 3, 6);
    assert.deepEqual(daysBetween(since, now), ['2025-01-01', '2025-01-02', '2025-01-03']);
    const v = dailyValues(
      [
        { date: '2025-01-02', network: 'storj', chain: 'ethereum', wallet: 'w1', token: 'STORJ', amount: '2', currency: 'usd', price: 0.5, value: 1 },
        { date: '2025-01-02', network: 'storj', chain: 'ethereum', wallet: 'w2', token: 'STORJ', amount: '4', currency: 'usd', price: 0.5, value: 2 },
        { date: '2025-01-03', network: 'akash', chain: 'akash', wallet: 'w3', token: 'ACT', amount: '5', currency: 'usd' },
        { date: '2024-12-31', network: 'storj', chain: 'ethereum', wallet: 'w1', token: 'STORJ', amount: '9', currency: 'usd', value: 9 },
      ],
      since,
      now,
    );
    assert.deepEqual(v.series, [
      { network: 'akash', values: [0, 0, 0], unpriced: [false, false, true] },
      { network: 'storj', values: [0, 3, 0], unpriced: [false, false, false] },
    ]);
  });

  test('daily values straight from snapshots equal those through the ledger, unpriced days included', () => {
    const base = { wallet: 'w', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xb6', decimals: 8, coingeckoId: 'storj' } as const;
    const at = (d: number, h: number) => Date.UTC(2025, 0, d, h);
    const snapshots: SnapshotRow[] = [
      { ...base, takenAt: at(1, 1), raw: 0n },
      { ...base, takenAt: at(2, 3), raw: 100_000_000n },
      { ...base, takenAt: at(2, 22), raw: 250_000_000n },
      { ...base, takenAt: at(3, 5), raw: 10n }, // outgoing transfer
      { ...base, takenAt: at(5, 5), raw: 300_000_000n },
      { ...base, wallet: 'v', coingeckoId: undefined, takenAt: at(1, 1), raw: 0n },
      { ...base, wallet: 'v', coingeckoId: undefined, takenAt: at(4, 1), raw: 7n },
    ];
    const prices = dayPriceBook(
      [],
      [
        { id: 'storj', currency: 'usd', price: 0.5, fetchedAt: at(1, 0) },
        { id: 'storj', currency: 'usd', price: 0.75, fetchedAt: at(5, 0) },
      ],
    );
    const since = at(1, 12);
    const now = at(6, 0);
    const direct = dailyValuesFromSnapshots(snapshots, since, now, priceFromBook(prices));
    assert.deepEqual(direct, dailyValues(buildLedger(snapshots, prices, { since, now, currency: 'usd' }), since, now));
    // Day 2: 2.5 STORJ at 0.5; day 5: 2.9999999 STORJ (from the lower balance after the transfer) at 0.75.
    assert.deepEqual(direct.series[0].values.slice(0, 4), [0, 1.25, 0, 0]);
    assert.ok(Math.abs(direct.series[0].values[4] - 2.249999925) < 1e-12);
    assert.deepEqual(direct.series[0].unpriced, [false, false, false, true, false, false]);
  });
});
