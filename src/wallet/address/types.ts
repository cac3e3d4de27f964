import type { ChainId } from '../../plugin-api/types.js';

/** A validated address, in the forms depin stores, shows and sends to RPC endpoints. */
export interface ParsedAddress {
  /** The text as given (surrounding whitespace removed). */
  input: string;
  chain: ChainId;
  /**
   * Canonical form, the one the wallet book stores: EIP-55 for ethereum/peaq, `io1…` for iotex,
   * lowercase `f…` for filecoin, the text itself for solana, akash and arweave.
   */
  display: string;
  /**
   * The form the chain's RPC needs: `0x…` for iotex (its EVM gateway), the native `f…` address for
   * filecoin (Lotus JSON-RPC), otherwise `display`.
   */
  readAddress: string;
  /**
   * The EIP-55 `0x…` form of the same account where the chain has one: ethereum, peaq, iotex, and
   * filecoin `f410f…` (FEVM) addresses.
   */
  evmAddress?: string;
  /** Filecoin only: `f0…` ids name actors and are taken as storage-provider (miner) ids. */
  kind?: 'miner' | 'account';
}

/** Result of parsing: invalid input is a value with a reason that says exactly what is wrong. */
export type ParseResult = { ok: true; address: ParsedAddress } | { ok: false; reason: string; candidates?: ChainId[] };

/** The failure half of ParseResult. */
export type ParseFailure = Extract<ParseResult, { ok: false }>;

export function fail(reason: string, candidates?: ChainId[]): ParseFailure {
  return candidates ? { ok: false, reason, candidates } : { ok: false, reason };
}

export function success(address: ParsedAddress): ParseResult {
  return { ok: true, address };
}
