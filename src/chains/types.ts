import type { ChainId, TokenSpec } from '../plugin-api/types.js';

/** One balance to read: an address (already in the form the chain's RPC expects) and a token. */
export interface BalanceRequest {
  chain: ChainId;
  /** The address as the user entered it (for display and history). */
  address: string;
  /** The address as the reader needs it (io1… converted to 0x, f410f… to 0x where the read is EVM). */
  readAddress: string;
  token: TokenSpec;
  /** Filecoin: a miner actor id (f0…) whose available balance is read instead of a wallet balance. */
  minerId?: string;
}

/** Outcome of one balance read. Expected failures are values, never thrown past the reader. */
export type BalanceResult =
  | { request: BalanceRequest; status: 'ok'; raw: bigint; decimals: number; extra?: Record<string, bigint> }
  | { request: BalanceRequest; status: 'unreachable' | 'bad-response' | 'wrong-chain'; reason: string };

export interface ReadOptions {
  endpoint: string;
  timeoutMs?: number;
  retries?: number;
  /** Requests in flight at once to this endpoint. */
  concurrency?: number;
  /** Largest response body accepted (config http.maxResponseBytes). */
  maxResponseBytes?: number;
  /** Solana only: 'ata' reads associated token accounts; 'scan' also finds other token accounts. */
  mode?: 'ata' | 'scan';
  /** Solana only: where derived associated token account addresses are kept across runs (e.g. the history database). */
  derivationCache?: import('./derivation-cache.js').DerivationCache;
  signal?: AbortSignal;
}

/** One reader per chain family, batched: the number of requests does not grow with the number of wallets. */
export interface ChainReader {
  readonly chains: readonly ChainId[];
  readBalances(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]>;
}
