/**
 * What each network earned per UTC day, as a value: the input of the net profit table. It prices
 * each day's earnings with the USD price kept in the history for that day (the ledger's rule), so
 * this is the one place to change when days get prices of their own in the chosen currency.
 */
import { buildLedger } from './ledger.js';
import type { PricePoint, SnapshotRow } from '../domain/records.js';

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

export function earnedValueByDay(snapshots: readonly SnapshotRow[], prices: readonly PricePoint[], period: { since: number; now: number }): EarnedDay[] {
  const byKey = new Map<string, EarnedDay>();
  for (const row of buildLedger(snapshots, prices, period)) {
    const key = `${row.network}\u0000${row.date}`;
    const entry = byKey.get(key) ?? { network: row.network, day: row.date, value: 0, unpriced: [] };
    if (row.usdValue === undefined) {
      if (!entry.unpriced.includes(row.token)) entry.unpriced.push(row.token);
    } else {
      entry.value += row.usdValue;
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}
