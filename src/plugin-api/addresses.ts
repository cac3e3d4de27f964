/**
 * Address checks for plugins' questions (a payout wallet), the same ones `depin wallet add` uses. A
 * separate entry (`depin/plugin-api/addresses`) so that plugins which never ask for a wallet do not
 * load the address decoders.
 */
import type { ChainId } from '../domain/chains.js';
import { parseAddress } from '../wallet/address/index.js';

/** What is wrong with `text` as an address on `chain`, or undefined when it is valid. */
export function addressProblem(chain: ChainId, text: string): string | undefined {
  const parsed = parseAddress(text, chain);
  return parsed.ok ? undefined : parsed.reason;
}
