import type { ChainId } from './chains.js';

/** Token key used in history for a chain's native coin (where TokenSpec has no mint). */
export const NATIVE_TOKEN = 'native';

/** One balance read, as kept in history. */
export interface SnapshotRow {
  /** Epoch milliseconds (UTC). */
  takenAt: number;
  /** The wallet as the user entered it (or a Filecoin miner id). */
  wallet: string;
  chain: ChainId;
  /** Plugin id of the network the balance is tracked for. */
  network: string;
  symbol: string;
  /** SPL mint, ERC-20 contract or bank denom; `native` for the chain's own coin. */
  token: string;
  decimals: number;
  /** Exact base units; never negative. */
  raw: bigint;
  coingeckoId?: string;
}

/** A figure reported by a network's own API (not a balance), as kept in history. */
export interface RewardRecord {
  /** Epoch milliseconds of the reading. */
  at: number;
  network: string;
  /** `RewardSource.id` that produced it: stable, unlike the human `source` text. */
  sourceId: string;
  source: string;
  symbol: string;
  chain?: ChainId;
  /** Exact decimal string, in token units or USD as `unit` says. */
  amount: string;
  unit: 'token' | 'usd';
  kind: 'pending' | 'estimated' | 'available' | 'paid';
  wallet?: string;
  period?: string;
}

/** A chain (or one wallet/token on it) that could not be read in a run. */
export interface ReadFailureRow {
  at: number;
  chain: ChainId;
  status: 'unreachable' | 'bad-response' | 'wrong-chain';
  reason: string;
  /** Absent when the whole chain failed. */
  network?: string;
  wallet?: string;
  token?: string;
}

/** One spot price of a coin in one currency, as fetched. */
export interface PricePoint {
  id: string;
  /** Lower-case CoinGecko vs-currency code (`usd`, `eur`, …). */
  currency: string;
  price: number;
  fetchedAt: number;
}

/** A coin's price on one UTC day in one currency; `null` when the price service has none for that day. */
export interface DayPrice {
  id: string;
  currency: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  price: number | null;
}
