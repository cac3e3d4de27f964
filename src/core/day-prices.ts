import type { DayPrice, PricePoint } from '../domain/records.js';
import { needKey } from './price-plan.js';
import { DAY_MS, dayStartMs } from './utc-day.js';

/**
 * The price of each wanted day from a range answer: the first point inside the day (CoinGecko's
 * daily series stamps 00:00 UTC, its hourly one the first hour), so a day is valued at its opening
 * price whatever the granularity. A day with no point is `null`: a known gap, never zero.
 */
export function selectDayPrices(points: ReadonlyArray<readonly [number, number]>, days: readonly string[]): Map<string, number | null> {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const out = new Map<string, number | null>();
  for (const day of days) {
    const start = dayStartMs(day);
    const first = sorted.find(([at]) => at >= start && at < start + DAY_MS);
    out.set(day, first ? first[1] : null);
  }
  return out;
}

/** A price for one coin on one day: known, a known gap, or nothing stored at all. */
export type DayQuote = { kind: 'price'; price: number; from: 'daily' | 'spot' } | { kind: 'gap' } | { kind: 'unknown' };

export interface DayPriceBook {
  get(id: string, day: string): DayQuote;
}

/**
 * Day prices from what is stored: a daily price (or known gap) first; failing that, a spot price
 * fetched that day (the last one before the day ends, else the first within a day after it: a run
 * that reads balances just before midnight prices them just after).
 */
export function dayPriceBook(daily: readonly DayPrice[], spot: readonly PricePoint[] = []): DayPriceBook {
  const byDay = new Map<string, number | null>();
  for (const d of daily) byDay.set(needKey(d.id, d.day), d.price);
  const spotById = new Map<string, PricePoint[]>();
  for (const p of spot) {
    const list = spotById.get(p.id);
    if (list) list.push(p);
    else spotById.set(p.id, [p]);
  }
  return {
    get(id, day) {
      const stored = byDay.get(needKey(id, day));
      if (stored !== undefined) return stored === null ? { kind: 'gap' } : { kind: 'price', price: stored, from: 'daily' };
      const price = spotForDay(spotById.get(id) ?? [], day);
      return price === undefined ? { kind: 'unknown' } : { kind: 'price', price, from: 'spot' };
    },
  };
}

function spotForDay(points: readonly PricePoint[], day: string): number | undefined {
  const end = dayStartMs(day) + DAY_MS;
  let before: PricePoint | undefined;
  let after: PricePoint | undefined;
  for (const p of points) {
    if (p.fetchedAt < end) {
      if (!before || p.fetchedAt >= before.fetchedAt) before = p;
    } else if (p.fetchedAt < end + DAY_MS && (!after || p.fetchedAt < after.fetchedAt)) {
      after = p;
    }
  }
  return (before ?? after)?.price;
}
