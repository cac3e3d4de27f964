import { selectDayPrices } from '../core/day-prices.js';
import { needKey, planBackfill, type PriceNeed } from '../core/price-plan.js';
import type { DayPrice } from '../domain/records.js';
import { createPacer, systemClock, type Clock, type Pacer } from '../net/pacer.js';
import type { HistoryDb } from '../store/history-db.js';
import { fetchPriceRange, type CoingeckoOptions } from './coingecko.js';

/** The part of the history database the backfill needs. */
export type DayPriceStore = Pick<HistoryDb, 'dayPrices' | 'upsertDayPrices'>;

export interface BackfillOptions extends CoingeckoOptions {
  currency: string;
  now: number;
  /** How far back prices are asked for (`prices.historyDays`). */
  historyDays: number;
  /** Requests a minute at most (`prices.callsPerMinute`); ignored when `pacer` is given. */
  callsPerMinute: number;
  pacer?: Pacer;
  clock?: Clock;
  /** 429s in a row for one coin before it is left for the next run. */
  maxRateLimited?: number;
  /** Called before each request and once at the end: coins done of the total, and the coin next. */
  onProgress?: (done: number, total: number, id?: string) => void;
}

export interface BackfillResult {
  /** Coins whose range was fetched and stored this run. */
  fetched: string[];
  /** Days stored as known gaps this run. */
  gaps: PriceNeed[];
  /** Coins not fetched, and why; their days stay missing and the next run asks again. */
  failed: Array<{ id: string; reason: string }>;
  /** Days older than `historyDays`, not asked for. */
  beyondHistory: PriceNeed[];
}

/**
 * Fetches the price of every (coin, day) in `needs` that is not stored yet: one range request per
 * coin, paced to `callsPerMinute`, waiting out a 429's Retry-After. Each coin's days are stored as
 * soon as they arrive, so a run that is stopped part way resumes with only what is still missing.
 */
export async function backfillDayPrices(store: DayPriceStore, needs: readonly PriceNeed[], options: BackfillOptions): Promise<BackfillResult> {
  const ids = [...new Set(needs.map((n) => n.id))];
  const firstDay = needs.reduce((min, n) => (n.day < min ? n.day : min), '9999-12-31');
  const stored = new Set(store.dayPrices(ids, options.currency, firstDay).map((d) => needKey(d.id, d.day)));
  const plan = planBackfill(needs, stored, { now: options.now, historyDays: options.historyDays });
  const result: BackfillResult = { fetched: [], gaps: [], failed: [], beyondHistory: plan.beyondHistory };
  if (plan.fetches.length === 0) return result;
  const clock = options.clock ?? systemClock;
  const pacer = options.pacer ?? createPacer(options.callsPerMinute, clock);
  const maxRateLimited = options.maxRateLimited ?? 3;

  for (const [index, fetch] of plan.fetches.entries()) {
    options.onProgress?.(index, plan.fetches.length, fetch.id);
    let answer: Awaited<ReturnType<typeof fetchPriceRange>> | undefined;
    try {
      for (let limited = 0; ; limited++) {
        await pacer.take(options.signal);
        answer = await fetchPriceRange(fetch.id, options.currency, fetch.fromSec, fetch.toSec, options);
        if (answer.status === 'ok' || answer.httpStatus !== 429 || limited + 1 >= maxRateLimited) break;
        // The service said when to come back; without Retry-After, a full window clears the free tier's count.
        pacer.holdUntil(clock.now() + (answer.retryAfterMs ?? 60_000));
      }
    } catch (error) {
      if (options.signal?.aborted) {
        result.failed.push(...plan.fetches.slice(index).map((f) => ({ id: f.id, reason: 'stopped before it was fetched' })));
        break;
      }
      throw error;
    }
    if (answer!.status !== 'ok') {
      result.failed.push({ id: fetch.id, reason: answer!.reason });
      if (options.signal?.aborted) {
        result.failed.push(...plan.fetches.slice(index + 1).map((f) => ({ id: f.id, reason: 'stopped before it was fetched' })));
        break;
      }
      continue;
    }
    const byDay = selectDayPrices(answer!.value, fetch.days);
    const rows: DayPrice[] = fetch.days.map((day) => ({ id: fetch.id, currency: options.currency, day, price: byDay.get(day) ?? null }));
    store.upsertDayPrices(rows);
    result.fetched.push(fetch.id);
    for (const r of rows) if (r.price === null) result.gaps.push({ id: r.id, day: r.day });
  }
  options.onProgress?.(plan.fetches.length, plan.fetches.length);
  return result;
}
