import { toValue } from './amount.js';
import type { DayPriceBook } from './day-prices.js';
import { groupSeries, positiveSteps } from './earnings-series.js';
import type { LedgerRow } from './ledger.js';
import type { SnapshotRow } from '../domain/records.js';

const DAY = 86_400_000;

/** One network's value earned on each day of a period. */
export interface DailySeries {
  network: string;
  /** Value per day, aligned with `DailyValues.days`; 0 on a day without earnings or without a price. */
  values: number[];
  /** True on a day with earnings that have no price (then `values` leaves them out). */
  unpriced: boolean[];
}

/**
 * Already-valued daily earnings per network: what charts and the report draw. Whatever values the
 * rows (today's price history, or a day's own price) is decided before this point.
 */
export interface DailyValues {
  /** Every UTC day of the period, oldest first, as YYYY-MM-DD. */
  days: string[];
  series: DailySeries[];
}

/** Every UTC date from the day of `since` to the day of `now`, inclusive. */
export function daysBetween(since: number, now: number): string[] {
  const days: string[] = [];
  const start = Date.UTC(new Date(since).getUTCFullYear(), new Date(since).getUTCMonth(), new Date(since).getUTCDate());
  for (let at = start; at <= now; at += DAY) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/**
 * Sums ledger rows into one series per network (sorted by id). A row with an amount and no value
 * marks its day unpriced instead of counting as zero.
 */
export function dailyValues(rows: readonly LedgerRow[], since: number, now: number): DailyValues {
  const days = daysBetween(since, now);
  const index = new Map(days.map((d, i) => [d, i]));
  const byNetwork = new Map<string, DailySeries>();
  for (const row of rows) {
    const i = index.get(row.date);
    if (i === undefined) continue;
    let series = byNetwork.get(row.network);
    if (!series) {
      series = { network: row.network, values: days.map(() => 0), unpriced: days.map(() => false) };
      byNetwork.set(row.network, series);
    }
    if (row.value !== undefined) series.values[i] += row.value;
    else if (!/^0(\.0*)?$/.test(row.amount)) series.unpriced[i] = true;
  }
  return { days, series: [...byNetwork.values()].sort((a, b) => a.network.localeCompare(b.network)) };
}

/** A price for a token on a UTC day (YYYY-MM-DD), in the chart's currency; undefined when none is known. */
export type DayPrice = (coingeckoId: string, date: string) => number | undefined;

/**
 * The same figures as `dailyValues(buildLedger(...))` (each balance increase in (since, now], dated
 * by the snapshot that saw it, valued at its day's price) straight from the snapshots: a year of
 * history for many wallets is summed by day index instead of through per-wallet ledger rows.
 */
export function dailyValuesFromSnapshots(snapshots: readonly SnapshotRow[], since: number, now: number, priceOn: DayPrice): DailyValues {
  const days = daysBetween(since, now);
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const byNetwork = new Map<string, DailySeries>();
  // One price per token and day index, whatever the number of wallets holding the token.
  const pricesOf = new Map<string, (number | null | undefined)[]>();
  const priceAt = (id: string | undefined, i: number): number | undefined => {
    if (!id) return undefined;
    let list = pricesOf.get(id);
    if (!list) pricesOf.set(id, (list = new Array(days.length)));
    if (list[i] === undefined) list[i] = priceOn(id, days[i]) ?? null;
    return list[i] ?? undefined;
  };
  for (const series of groupSeries(snapshots, now)) {
    const { latest } = series;
    let out = byNetwork.get(latest.network);
    if (!out) {
      out = { network: latest.network, values: days.map(() => 0), unpriced: days.map(() => false) };
      byNetwork.set(latest.network, out);
    }
    const target = out;
    // Steps come oldest first: a day's sum is complete when the next step falls on a later day.
    let day = -1;
    let sum = 0n;
    const flush = () => {
      if (day < 0 || day >= days.length || sum === 0n) return;
      const price = priceAt(latest.coingeckoId, day);
      if (price === undefined) target.unpriced[day] = true;
      else target.values[day] += toValue(sum, latest.decimals, price);
    };
    for (const step of positiveSteps(series.points, since, now)) {
      const i = Math.floor((step.at - first) / DAY);
      if (i !== day) {
        flush();
        day = i;
        sum = 0n;
      }
      sum += step.raw;
    }
    flush();
  }
  return { days, series: [...byNetwork.values()].sort((a, b) => a.network.localeCompare(b.network)) };
}

/** A day price book as the chart's lookup: a known price, or undefined for a known gap or nothing stored. */
export function priceFromBook(book: DayPriceBook): DayPrice {
  const memo = new Map<string, number | undefined>();
  return (id, date) => {
    const key = `${id}\u0000${date}`;
    if (!memo.has(key)) {
      const quote = book.get(id, date);
      memo.set(key, quote.kind === 'price' ? quote.price : undefined);
    }
    return memo.get(key);
  };
}
