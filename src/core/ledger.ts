import { formatUnits, toValue } from './amount.js';
import { groupSeries, positiveSteps } from './earnings-series.js';
import type { DayPriceBook } from './day-prices.js';
import type { ChainId } from '../plugin-api/types.js';
import type { SnapshotRow } from '../domain/records.js';
import { utcDay } from './utc-day.js';

export { toCsv, LEDGER_HEADER } from './ledger-csv.js';

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
  /** Lower-case currency code of price and value. */
  currency: string;
  /** The token's price on that day; absent when none is known. */
  price?: number;
  value?: number;
  /** Why there is no price ("no price for 2026-03-02"). */
  note?: string;
  /** The CoinGecko id priced (absent for tokens without one). */
  coingeckoId?: string;
}

export interface LedgerOptions {
  since: number;
  now: number;
  currency: string;
}

export const utcDate = utcDay;

/**
 * Per-day, per-series earnings over (since, now] from balance snapshots: the same positive-step rule
 * as the earnings report, each step dated by the snapshot that saw it, valued at that day's price.
 * Sorted by date, network, chain, wallet, token.
 */
export function buildLedger(snapshots: readonly SnapshotRow[], prices: DayPriceBook, options: LedgerOptions): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (const series of groupSeries(snapshots, options.now)) {
    const perDay = new Map<string, bigint>();
    for (const step of positiveSteps(series.points, options.since, options.now)) {
      const date = utcDay(step.at);
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
        currency: options.currency,
      };
      if (latest.coingeckoId) {
        row.coingeckoId = latest.coingeckoId;
        const quote = prices.get(latest.coingeckoId, date);
        if (quote.kind === 'price') {
          row.price = quote.price;
          row.value = toValue(raw, latest.decimals, quote.price);
        } else {
          row.note = `no price for ${date}`;
        }
      } else {
        row.note = `${latest.symbol} has no price source`;
      }
      rows.push(row);
    }
  }
  const order = ['date', 'network', 'chain', 'wallet', 'token'] as const;
  return rows.sort((a, b) => {
    for (const k of order) {
      const c = a[k].localeCompare(b[k]);
      if (c !== 0) return c;
    }
    return 0;
  });
}
