import type { ChainId } from '../plugin-api/types.js';
import type { ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';
import type { DayPriceBook } from './day-prices.js';

/** `ok`, or why this run could not read the balance (then the figures are the last known ones). */
export type LineStatus = 'ok' | ReadFailureRow['status'];

/** A price in the report's currency as the earnings maths needs it (the shape price-cache returns). */
export interface QuoteInput {
  price: number;
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
  /** Lower-case currency code every value is in (`usd`, `eur`, …); usd when not given. */
  currency?: string;
  /** Spot prices in `currency`, by CoinGecko id: the value now. */
  prices?: ReadonlyMap<string, QuoteInput>;
  /** Prices per day in `currency`: the value when earned. Without it no such value is given. */
  dayPrices?: DayPriceBook;
  /** One USD→currency rate for figures networks report in USD; needless when the currency is usd. */
  usdRate?: UsdRate;
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
  /** Spot price in the report's currency, when it was fetched and whether it is past its lifetime. */
  price?: number;
  priceFetchedAt?: number;
  priceStale?: boolean;
  /** Balance and earnings valued at the spot price (value now). */
  balanceValue?: number;
  earnedValue?: number;
  /** Each day's earnings valued at that day's price, summed over the days that have one. */
  earnedValueWhenEarned?: number;
  /** Days with earnings but no price (a known gap or nothing stored): left out of the sum above. */
  noPriceDays?: string[];
}

/** The USD→currency rate used for figures reported in USD, and when it was fetched. */
export interface UsdRate {
  rate: number;
  at: number;
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
  /** The figure in the report's currency; absent with `unvalued` saying why. */
  value?: number;
  /** Set when a USD figure was converted: the rate applied and when it was fetched. */
  conversion?: { from: 'usd'; rate: number; at: number };
  unvalued?: string;
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

/** Values in the report's currency, for display only (amounts stay exact in the lines). */
export interface ValueTotals {
  earnedValue: number;
  balanceValue: number;
  /** Earnings at the price of the day they were earned (days without a price left out). */
  earnedValueWhenEarned: number;
  /** Days with earnings and no price, over all lines (each `day network symbol` once). */
  noPriceDays: number;
  /** Network API figures valued in the currency, kept apart from on-chain sums. */
  networkApiValue: number;
  /** On-chain lines with a non-zero amount and no price: left out of the sums above. */
  unpriced: number;
  /** Some balances are last known values from an earlier run. */
  includesLastKnown: boolean;
}

export interface EarningsReport {
  currency: string;
  since: number;
  now: number;
  onChain: OnChainLine[];
  networkApi: NetworkApiLine[];
  unread: UnreadChain[];
  totals: {
    networks: Record<string, ValueTotals>;
    overall: ValueTotals;
    /** False when some chain was not read this run: the sums then leave it out or use last known values. */
    complete: boolean;
    /** The chains not read this run (sorted, each once). */
    unread: ChainId[];
    /** Whether any balance or network figure is known at all; when not, the sums mean nothing. */
    known: boolean;
  };
}
