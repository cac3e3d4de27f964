import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planBackfill, needKey } from '../../src/core/price-plan.js';
import { dayPriceBook, selectDayPrices } from '../../src/core/day-prices.js';
import { formatMoney } from '../../src/core/money.js';
import { createPacer, type Clock } from '../../src/net/pacer.js';
import { checkCurrency, FALLBACK_VS_CURRENCIES } from '../../src/prices/vs-currencies.js';
import { computeEarnings } from '../../src/core/earnings.js';
import type { SnapshotRow } from '../../src/domain/records.js';

const DAY = 86_400_000;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/coingecko/${name}`, import.meta.url), 'utf8'));

/** A clock that only moves when something sleeps on it. */
function fakeClock(start = 0): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('pacer', () => {
  test('at most N calls start in any minute; the N+1th waits for the window', async () => {
    const clock = fakeClock(1_000_000);
    const pacer = createPacer(5, clock);
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await pacer.take();
      starts.push(clock.now());
    }
    for (let i = 0; i + 5 < starts.length; i++) assert.ok(starts[i + 5] - starts[i] >= 60_000, `calls ${i} and ${i + 5} within a minute`);
    assert.equal(starts[4], 1_000_000, 'the first five go at once');
    assert.equal(starts[5], 1_060_000);
    assert.equal(starts[10], 1_120_000);
  });

  test('a Retry-After holds every call until then', async () => {
    const clock = fakeClock(0);
    const pacer = createPacer(100, clock);
    await pacer.take();
    pacer.holdUntil(30_000);
    assert.equal(pacer.waitMs(), 30_000);
    await pacer.take();
    assert.equal(clock.now(), 30_000);
  });

  test('a bad rate is refused', () => {
    assert.throws(() => createPacer(0), /whole number/);
  });
});

describe('backfill plan', () => {
  const now = Date.UTC(2026, 2, 10, 15);
  test('one range per coin over its missing days; stored days, today and days beyond the history bound are left out', () => {
    const needs = [
      { id: 'helium', day: '2026-03-02' },
      { id: 'helium', day: '2026-03-05' },
      { id: 'helium', day: '2026-03-03' },
      { id: 'helium', day: '2026-03-10' },
      { id: 'storj', day: '2026-03-04' },
      { id: 'storj', day: '2026-02-01' },
    ];
    const stored = new Set([needKey('helium', '2026-03-03')]);
    const plan = planBackfill(needs, stored, { now, historyDays: 30 });
    assert.deepEqual(plan.fetches, [
      { id: 'helium', days: ['2026-03-02', '2026-03-05'], fromSec: Date.UTC(2026, 2, 2) / 1000, toSec: Date.UTC(2026, 2, 6) / 1000 },
      { id: 'storj', days: ['2026-03-04'], fromSec: Date.UTC(2026, 2, 4) / 1000, toSec: Date.UTC(2026, 2, 5) / 1000 },
    ]);
    assert.deepEqual(plan.beyondHistory, [{ id: 'storj', day: '2026-02-01' }]);
    assert.deepEqual(planBackfill(needs, stored, { now, historyDays: 30 }).fetches.length, 2, 'pure: same answer twice');
  });
});

describe('day prices', () => {
  test('the recorded daily series gives each day its 00:00 UTC price; a day without a point is a gap', () => {
    const { prices } = fixture('market-chart-range-bitcoin-usd.json') as { prices: [number, number][] };
    const withGap = prices.filter(([at]) => at !== Date.UTC(2014, 1, 19));
    const days = selectDayPrices(withGap, ['2014-02-17', '2014-02-18', '2014-02-19', '2014-02-21']);
    assert.deepEqual(
      [...days],
      [
        ['2014-02-17', 645.14],
        ['2014-02-18', 625.01],
        ['2014-02-19', null],
        ['2014-02-21', 582.75],
      ],
    );
  });

  test('hourly points: the first of the day', () => {
    const start = Date.UTC(2026, 2, 2);
    const days = selectDayPrices(
      [
        [start + 3_600_000 * 2, 2],
        [start - 1, 9],
        [start + 360_000, 1],
      ],
      ['2026-03-02'],
    );
    assert.equal(days.get('2026-03-02'), 1);
  });
});

describe('money', () => {
  test('ISO currencies use their own symbol and decimals; crypto units are a number and the code', () => {
    assert.equal(formatMoney(1234.5, 'usd'), '$1,234.50');
    assert.equal(formatMoney(1234.5, 'eur'), '€1,234.50');
    assert.equal(formatMoney(1234.5, 'jpy'), '¥1,235');
    assert.equal(formatMoney(0.000123, 'btc'), '0.000123 BTC');
    assert.equal(formatMoney(1500, 'sats'), '1,500 SATS');
    assert.equal(formatMoney(Number.NaN, 'usd'), '');
  });
});

describe('currency codes', () => {
  test('the built-in list is the recorded CoinGecko answer', () => {
    assert.deepEqual([...FALLBACK_VS_CURRENCIES], fixture('supported-vs-currencies.json'));
  });

  test('a known code passes whatever its case; a typo names the nearest and lists them all', () => {
    assert.deepEqual(checkCurrency('EUR', FALLBACK_VS_CURRENCIES), { ok: true, code: 'eur' });
    const bad = checkCurrency('euro', FALLBACK_VS_CURRENCIES);
    assert.ok(!bad.ok);
    assert.match(bad.message, /unknown currency "euro": did you mean "eur"/);
    assert.match(bad.suggestion, /chf, clp, cny/);
    assert.match(bad.suggestion, /DEPIN_CURRENCY/);
  });
});

describe('value when earned', () => {
  const now = Date.UTC(2026, 2, 4, 12);
  const base = { wallet: 'w', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xB6', decimals: 8, coingeckoId: 'storj' } as const;
  const snap = (takenAt: number, raw: bigint): SnapshotRow => ({ ...base, takenAt, raw });
  const snapshots = [
    snap(Date.UTC(2026, 2, 1, 12), 0n),
    snap(Date.UTC(2026, 2, 2, 12), 10_00000000n),
    snap(Date.UTC(2026, 2, 3, 12), 30_00000000n),
    snap(now - 1, 31_00000000n),
  ];

  test('each day at its own price, today at the spot price, a gap listed and never counted as zero', () => {
    const report = computeEarnings({
      since: Date.UTC(2026, 2, 1),
      now,
      snapshots,
      currency: 'eur',
      prices: new Map([['storj', { price: 0.5, fetchedAt: now, stale: false }]]),
      dayPrices: dayPriceBook([
        { id: 'storj', currency: 'eur', day: '2026-03-02', price: 0.2 },
        { id: 'storj', currency: 'eur', day: '2026-03-03', price: null },
      ]),
    });
    const line = report.onChain[0];
    assert.equal(line.earned, '31');
    assert.equal(line.earnedValue, 15.5, 'value now: 31 × 0.5');
    assert.equal(line.earnedValueWhenEarned, 10 * 0.2 + 1 * 0.5);
    assert.deepEqual(line.noPriceDays, ['2026-03-03']);
    assert.equal(report.totals.overall.noPriceDays, 1);
    assert.equal(report.currency, 'eur');
  });

  test('USD figures of a network: converted at a known rate, marked; unvalued without one; face value in usd', () => {
    const reward = {
      at: now - 1000,
      network: 'storj',
      sourceId: 'payout',
      source: 'Storj payout estimate',
      symbol: 'STORJ',
      amount: '10',
      unit: 'usd',
      kind: 'estimated',
    } as const;
    const eur = computeEarnings({ since: 0, now, snapshots: [], rewards: [reward], currency: 'eur', usdRate: { rate: 0.9, at: now - 5 } });
    assert.equal(eur.networkApi[0].value, 9);
    assert.deepEqual(eur.networkApi[0].conversion, { from: 'usd', rate: 0.9, at: now - 5 });
    const none = computeEarnings({ since: 0, now, snapshots: [], rewards: [reward], currency: 'eur' });
    assert.equal(none.networkApi[0].value, undefined, 'never valued 1:1');
    assert.match(none.networkApi[0].unvalued ?? '', /no USD→EUR rate/);
    const usd = computeEarnings({ since: 0, now, snapshots: [], rewards: [reward] });
    assert.equal(usd.networkApi[0].value, 10);
    assert.equal(usd.networkApi[0].conversion, undefined);
  });
});
