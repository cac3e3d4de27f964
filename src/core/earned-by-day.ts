/**
 * What each network earned per UTC day, as a value: the input of the net profit table. Each day's
 * earnings are valued at that day's price in the chosen currency (the ledger's rule, so the net
 * table, the CSV and the value when earned agree).
 */
import { buildLedger } from './ledger.js';
import type { DayPriceBook } from './day-prices.js';
import type { SnapshotRow } from '../domain/records.js';

/** One network's earnings on one UTC day. */
export interface EarnedDay {
  network: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** Value of the priced earnings of that day. */
  value: number;
  /** Symbols earned that day with no known price: the value then leaves them out, so it is incomplete. */
  unpriced: string[];
}

export function earnedValueByDay(
  snapshots: readonly SnapshotRow[],
  prices: DayPriceBook,
  period: { since: number; now: number; currency: string },
): EarnedDay[] {
  const byKey = new Map<string, EarnedDay>();
  for (const row of buildLedger(snapshots, prices, period)) {
    const key = `${row.network}\u0000${row.date}`;
    const entry = byKey.get(key) ?? { network: row.network, day: row.date, value: 0, unpriced: [] };
    if (row.value === undefined) {
      if (!entry.unpriced.includes(row.token)) entry.unpriced.push(row.token);
    } else {
      entry.value += row.value;
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}
