import { formatUnits, toUsd } from './amount.js';
import { groupSeries, positiveSteps } from './earnings-series.js';
import type { ChainId } from '../plugin-api/types.js';
import type { PricePoint, SnapshotRow } from '../domain/records.js';

export { toCsv, LEDGER_HEADER } from './ledger-csv.js';

const DAY = 86_400_000;

/** What one wallet earned in one token on one UTC day. */
export interface LedgerRow {
  /** YYYY-MM-DD (UTC). */
  date: string;
  network: string;
  chain: ChainId;
  wallet: string;
  /** Token symbol. */
  token: string;
  /** Exact decimal amount earned that day. */
  amount: string;
  /** USD price of that day (last fetched on or before it); absent when none is known. */
  usdPrice?: number;
  usdValue?: number;
}

export interface LedgerOptions {
  since: number;
  now: number;
}

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The price for a day: the last one fetched before the day ends; failing that, the first one
 * fetched within a day after it (a run that reads balances just before midnight prices them just after).
 */
export function priceForDay(points: readonly PricePoint[], date: string): number | undefined {
  const end = Date.parse(`${date}T00:00:00Z`) + DAY;
  let before: PricePoint | undefined;
  let after: PricePoint | undefined;
  for (const p of points) {
    if (p.fetchedAt < end) {
      if (!before || p.fetchedAt >= before.fetchedAt) before = p;
    } else if (p.fetchedAt < end + DAY && (!after || p.fetchedAt < after.fetchedAt)) {
      after = p;
    }
  }
  return (before ?? after)?.usd;
}

/**
 * Per-day, per-series earnings over (since, now] from balance snapshots: the same positive-step rule
 * as the earnings report, each step dated by the snapshot that saw it. Sorted by date, network,
 * chain, wallet, token.
 */
export function buildLedger(snapshots: readonly SnapshotRow[], prices: readonly PricePoint[], options: LedgerOptions): LedgerRow[] {
  const pricesById = new Map<string, PricePoint[]>();
  for (const p of prices) {
    const list = pricesById.get(p.id);
    if (list) list.push(p);
    else pricesById.set(p.id, [p]);
  }
  const rows: LedgerRow[] = [];
  for (const series of groupSeries(snapshots, options.now)) {
    const perDay = new Map<string, bigint>();
    for (const step of positiveSteps(series.points, options.since, options.now)) {
      const date = utcDate(step.at);
      perDay.set(date, (perDay.get(date) ?? 0n) + step.raw);
    }
    const { latest } = series;
    for (const [date, raw] of perDay) {
      const row: LedgerRow = {
        date,
        network: latest.network,
        chain: latest.chain,
        wallet: latest.wallet,
        token: latest.symbol,
        amount: formatUnits(raw, latest.decimals),
      };
      const usd = latest.coingeckoId ? priceForDay(pricesById.get(latest.coingeckoId) ?? [], date) : undefined;
      if (usd !== undefined) {
        row.usdPrice = usd;
        row.usdValue = toUsd(raw, latest.decimals, usd);
      }
      rows.push(row);
    }
  }
  const order: (keyof LedgerRow)[] = ['date', 'network', 'chain', 'wallet', 'token'];
  return rows.sort((a, b) => {
    for (const k of order) {
      const c = String(a[k]).localeCompare(String(b[k]));
      if (c !== 0) return c;
    }
    return 0;
  });
}
