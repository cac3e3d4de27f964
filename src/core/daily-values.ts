import type { LedgerRow } from './ledger.js';

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
    if (row.usdValue !== undefined) series.values[i] += row.usdValue;
    else if (!/^0(\.0*)?$/.test(row.amount)) series.unpriced[i] = true;
  }
  return { days, series: [...byNetwork.values()].sort((a, b) => a.network.localeCompare(b.network)) };
}
