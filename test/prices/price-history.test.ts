import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, type HttpPolicy } from '../../src/net/http-client.js';
import type { Clock } from '../../src/net/pacer.js';
import { backfillDayPrices } from '../../src/prices/price-history.js';
import { getUsdRate, USD_RATE_ID } from '../../src/prices/usd-rate.js';
import { resolveCurrency } from '../../src/prices/currency.js';
import { openHistory, type HistoryDb } from '../../src/store/history-db.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../helpers/fault-server.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/coingecko/${name}`, import.meta.url), 'utf8'));
/** Recorded daily series of bitcoin (see test/fixtures/coingecko/README.md). */
const RECORDED: { prices: [number, number][]; market_caps: [number, number][]; total_volumes: [number, number][] } =
  fixture('market-chart-range-bitcoin-usd.json');
const RATES = fixture('exchange-rates.json');
// CoinGecko's answer to a rate-limited call (composed after its documented error shape).
const LIMITED = {
  status: {
    error_code: 429,
    error_message:
      "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
  },
};
const policy: HttpPolicy = { ...DEFAULT_POLICY, retries: 0, timeoutMs: 5_000 };
const NOW = Date.UTC(2026, 2, 10, 15);
const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}`;

let dir: string;
let server: FaultServer;
let limitedLeft = 0;
/** Days the service has no point for, per coin. */
let gaps: Record<string, string[]> = {};

/** The recorded series moved onto the asked range (whole days), minus the gap days. */
function answer(req: RecordedRequest) {
  if (req.url.pathname === '/exchange_rates') return { body: RATES };
  const m = /^\/coins\/([^/]+)\/market_chart\/range$/.exec(req.url.pathname);
  if (!m) return { status: 404, body: { error: 'Not Found' } };
  if (limitedLeft > 0) {
    limitedLeft--;
    return { status: 429, headers: { 'retry-after': '7' }, body: LIMITED };
  }
  const from = Number(req.url.searchParams.get('from')) * 1000;
  const to = Number(req.url.searchParams.get('to')) * 1000;
  const shift = from - RECORDED.prices[0][0];
  const move = (series: [number, number][]) =>
    series
      .map(([at, v]) => [at + shift, v] as [number, number])
      .filter(([at]) => at < to && !(gaps[m[1]] ?? []).includes(new Date(at).toISOString().slice(0, 10)));
  return { body: { prices: move(RECORDED.prices), market_caps: move(RECORDED.market_caps), total_volumes: move(RECORDED.total_volumes) } };
}

function fakeClock(): Clock & { slept: number[] } {
  let now = NOW;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'depin-price-history-'));
  server = await startFaultServer(answer);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.clear();
  limitedLeft = 0;
  gaps = {};
});

let n = 0;
const fresh = () => openHistory(join(dir, `h${++n}.db`));
const rangeAsks = () => server.requests.log.filter((r) => r.url.pathname.endsWith('/market_chart/range'));

describe('daily price backfill', () => {
  test('one request per coin for all its days, stored forever; a day without a point is a known gap', async () => {
    const db = await fresh();
    try {
      gaps = { helium: [day(4)] };
      const needs = [3, 4, 5].map((d) => ({ id: 'helium', day: day(d) })).concat([{ id: 'storj', day: day(6) }]);
      const opts = { baseUrl: server.url, policy, currency: 'eur', now: NOW, historyDays: 365, callsPerMinute: 5, clock: fakeClock() };
      const result = await backfillDayPrices(db, needs, opts);
      assert.deepEqual(result.fetched, ['helium', 'storj']);
      assert.deepEqual(result.gaps, [{ id: 'helium', day: day(4) }]);
      assert.equal(rangeAsks().length, 2);
      const asked = rangeAsks()[0].url.searchParams;
      assert.equal(asked.get('vs_currency'), 'eur');
      assert.equal(asked.get('from'), String(Date.UTC(2026, 2, 3) / 1000));
      assert.deepEqual(
        db.dayPrices(['helium', 'storj'], 'eur').map((d) => [d.id, d.day, d.price]),
        [
          ['helium', day(3), 645.14],
          ['helium', day(4), null],
          ['helium', day(5), 620.99],
          ['storj', day(6), 645.14],
        ],
      );
      // Everything is stored, gaps included: a second run asks for nothing.
      server.requests.clear();
      const again = await backfillDayPrices(db, needs, opts);
      assert.deepEqual(again.fetched, []);
      assert.equal(rangeAsks().length, 0);
    } finally {
      db.close();
    }
  });

  test('a 429 waits out its Retry-After and asks again; requests stay within callsPerMinute', async () => {
    const db = await fresh();
    try {
      limitedLeft = 1;
      const clock = fakeClock();
      const needs = ['a', 'b', 'c'].map((id) => ({ id, day: day(2) }));
      const result = await backfillDayPrices(db, needs, { baseUrl: server.url, policy, currency: 'usd', now: NOW, historyDays: 365, callsPerMinute: 2, clock });
      assert.deepEqual(result.fetched, ['a', 'b', 'c']);
      assert.equal(rangeAsks().length, 4, 'three coins and one repeat after the 429');
      assert.equal(clock.slept[0], 7_000, 'Retry-After: 7');
      // Four calls at two a minute: the third and fourth wait for the window.
      assert.ok(clock.now() - NOW >= 60_000, `only ${clock.now() - NOW} ms passed`);
    } finally {
      db.close();
    }
  });

  test('a coin that stays rate limited is left for the next run, with the reason', async () => {
    const db = await fresh();
    try {
      limitedLeft = 10;
      const result = await backfillDayPrices(db, [{ id: 'helium', day: day(2) }], {
        baseUrl: server.url,
        policy,
        currency: 'usd',
        now: NOW,
        historyDays: 365,
        callsPerMinute: 5,
        clock: fakeClock(),
        maxRateLimited: 3,
      });
      assert.deepEqual(result.fetched, []);
      assert.match(result.failed[0].reason, /429/);
      assert.equal(db.dayPrices(['helium'], 'usd').length, 0, 'nothing stored, never a zero');
    } finally {
      db.close();
    }
  });

  test('a backfill stopped part way resumes with only what is still missing', async () => {
    const db = await fresh();
    try {
      const needs = ['a', 'b', 'c'].map((id) => ({ id, day: day(2) }));
      const controller = new AbortController();
      const opts = { baseUrl: server.url, policy, currency: 'usd', now: NOW, historyDays: 365, callsPerMinute: 5, clock: fakeClock() };
      const first = await backfillDayPrices(db, needs, {
        ...opts,
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 1) controller.abort(new Error('cancelled'));
        },
      });
      assert.deepEqual(first.fetched, ['a']);
      assert.deepEqual(
        first.failed.map((f) => f.id),
        ['b', 'c'],
      );
      server.requests.clear();
      const second = await backfillDayPrices(db, needs, opts);
      assert.deepEqual(second.fetched, ['b', 'c']);
      assert.deepEqual(
        rangeAsks().map((r) => r.url.pathname),
        ['/coins/b/market_chart/range', '/coins/c/market_chart/range'],
      );
    } finally {
      db.close();
    }
  });

  test('days older than prices.historyDays are not asked for', async () => {
    const db = await fresh();
    try {
      const result = await backfillDayPrices(db, [{ id: 'helium', day: '2025-01-01' }], {
        baseUrl: server.url,
        policy,
        currency: 'usd',
        now: NOW,
        historyDays: 30,
        callsPerMinute: 5,
        clock: fakeClock(),
      });
      assert.deepEqual(result.beyondHistory, [{ id: 'helium', day: '2025-01-01' }]);
      assert.equal(rangeAsks().length, 0);
    } finally {
      db.close();
    }
  });
});

describe('USD rate and currency list', () => {
  let db: HistoryDb;
  before(async () => (db = await fresh()));
  after(() => db.close());

  test('USD→EUR from the recorded exchange rates, stored as fx:usd and used offline', async () => {
    const got = await getUsdRate(db, 'eur', { baseUrl: server.url, policy, now: NOW, ttlMs: 60_000 });
    assert.ok(got.rate);
    assert.equal(got.rate.rate, 39106.061 / 43438.823);
    assert.equal(db.getPrices([USD_RATE_ID], 'eur').get(USD_RATE_ID)?.price, got.rate.rate);
    server.requests.clear();
    const offline = await getUsdRate(db, 'eur', { baseUrl: 'http://127.0.0.1:1', policy, now: NOW + 3_600_000, ttlMs: 60_000, offline: true });
    assert.equal(offline.rate?.rate, got.rate.rate);
    assert.equal(server.requests.count, 0);
    const none = await getUsdRate(db, 'gbp', { baseUrl: 'http://127.0.0.1:1', policy, now: NOW, ttlMs: 60_000, offline: true });
    assert.equal(none.rate, undefined);
    assert.match(none.reason, /no USD→GBP rate/);
  });

  test('a code outside the known list asks the live list once; offline it is refused at once', async () => {
    const list = await startFaultServer([
      { path: '/simple/supported_vs_currencies', handle: () => ({ body: [...fixture('supported-vs-currencies.json'), 'kes'] }) },
    ]);
    try {
      assert.deepEqual(await resolveCurrency(db, 'eur', { baseUrl: list.url, now: NOW, policy }), { ok: true, code: 'eur' });
      assert.equal(list.requests.count, 0, 'a known code costs no request');
      const offline = await resolveCurrency(db, 'kes', { baseUrl: list.url, now: NOW, policy, offline: true });
      assert.equal(offline.ok, false);
      assert.deepEqual(await resolveCurrency(db, 'KES', { baseUrl: list.url, now: NOW, policy }), { ok: true, code: 'kes' });
      assert.equal(list.requests.count, 1);
      assert.ok(db.vsCurrencies()?.codes.includes('kes'), 'the live list is stored');
    } finally {
      await list.close();
    }
  });
});
