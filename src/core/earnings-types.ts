import type { ChainId } from '../plugin-api/types.js';
import type { ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';

/** `ok`, or why this run could not read the balance (then the figures are the last known ones). */
export type LineStatus = 'ok' | ReadFailureRow['status'];

/** A price as the earnings maths needs it (the shape price-cache returns). */
export interface QuoteInput {
  usd: number;
  fetchedAt: number;
  stale: boolean;
}

/**
 * A balance that could not be read. Matches every series of its chain, narrowed by network, wallet
 * and token when given; it applies only when it is newer than the series' last snapshot. With
 * wallet, token, symbol and decimals it also stands for a balance never read successfully.
 */
export interface FailureInput extends ReadFailureRow {
  symbol?: string;
  decimals?: number;
}

export interface EarningsInput {
  /** Start of the period (epoch ms), from parseSince. */
  since: number;
  now: number;
  /** From HistoryDb.snapshotsSince(since): includes each series' opening snapshot. */
  snapshots: readonly SnapshotRow[];
  /** Network API readings (this run's and stored ones); the newest of each kind is shown. */
  rewards?: readonly RewardRecord[];
  failures?: readonly FailureInput[];
  prices?: ReadonlyMap<string, QuoteInput>;
  /** CoinGecko ids of reward symbols, keyed `chain:SYMBOL` or `SYMBOL`; snapshots fill the rest. */
  priceIds?: ReadonlyMap<string, string>;
}

/** One wallet's token on one chain, from balance snapshots. */
export interface OnChainLine {
  source: 'on-chain';
  network: string;
  chain: ChainId;
  wallet: string;
  symbol: string;
  token: string;
  decimals: number;
  coingeckoId?: string;
  status: LineStatus;
  /** Why the balance could not be read this run. */
  reason?: string;
  /** Latest known balance; absent only when it was never read. */
  balanceRaw?: bigint;
  balance?: string;
  /** When that balance was read, and how long ago. */
  asOf?: number;
  ageMs?: number;
  /**
   * Sum of balance increases in the period; outgoing transfers are not subtracted. Absent, like
   * the balance, when the balance was never read.
   */
  earnedRaw?: bigint;
  earned?: string;
  /** False when history starts inside the period: `earned` then counts from `coverageFrom`. */
  fullPeriod: boolean;
  coverageFrom?: number;
  priceUsd?: number;
  priceFetchedAt?: number;
  priceStale?: boolean;
  balanceUsd?: number;
  earnedUsd?: number;
}

/** A figure from a network's own API; shown beside on-chain amounts, never added to them. */
export interface NetworkApiLine {
  source: 'network-api';
  network: string;
  sourceId: string;
  /** The human description the source gave (what the figure is and where it came from). */
  description: string;
  symbol: string;
  chain?: ChainId;
  amount: string;
  unit: 'token' | 'usd';
  kind: RewardRecord['kind'];
  wallet?: string;
  period?: string;
  at: number;
  ageMs: number;
  usd?: number;
}

/**
 * Something not read this run: a balance line that failed (its last known value, if any, is shown
 * on the line) or a chain that failed with no line to carry the failure.
 */
export interface UnreadChain {
  chain: ChainId;
  status: ReadFailureRow['status'];
  reason: string;
  at: number;
  network?: string;
  wallet?: string;
  /** The token of the failed line (its mint or `native`), when the failure is a balance line's. */
  token?: string;
  symbol?: string;
}

/** USD figures for display only (amounts stay exact in the lines). */
export interface UsdTotals {
  earnedUsd: number;
  balanceUsd: number;
  /** Network API figures valued in USD, kept apart from on-chain sums. */
  networkApiUsd: number;
  /** On-chain lines with a non-zero amount and no price: left out of the sums above. */
  unpriced: number;
  /** Some balances are last known values from an earlier run. */
  includesLastKnown: boolean;
}

export interface EarningsReport {
  since: number;
  now: number;
  onChain: OnChainLine[];
  networkApi: NetworkApiLine[];
  unread: UnreadChain[];
  totals: {
    networks: Record<string, UsdTotals>;
    overall: UsdTotals;
    /** False when some chain was not read this run: the sums then leave it out or use last known values. */
    complete: boolean;
    /** The chains not read this run (sorted, each once). */
    unread: ChainId[];
    /** Whether any balance or network figure is known at all; when not, the sums mean nothing. */
    known: boolean;
  };
}
