import { CHAIN_IDS, type ChainId } from '../../plugin-api/types.js';
import { parseAkash } from './akash.js';
import { parseArweave } from './arweave.js';
import { decodeEvm } from './evm.js';
import { parseFilecoin } from './filecoin.js';
import { AMBIGUOUS_0X, EVM_CHAINS, foreignBech32Prefix, shapeCandidates } from './infer.js';
import { parseIotex } from './iotex.js';
import { parseSolana } from './solana.js';
import { fail, success, type ParseResult } from './types.js';
import { detectKeyMaterial } from '../key-material.js';

export type { ParsedAddress, ParseResult, ParseFailure } from './types.js';
export { AMBIGUOUS_0X, CHAIN_FOR_PREFIX, EVM_CHAINS } from './infer.js';
export { toChecksumAddress } from './evm.js';
export { evmToIotex, iotexToEvm } from './iotex.js';
export { evmToFilecoin, f410ToEvm } from './filecoin.js';

/** The answer to a private key or recovery phrase given as an address. */
export const KEY_MATERIAL_REASON =
  'this looks like a private key or recovery phrase, not an address: depin only needs the public address and never asks for a private key';

/** Longer than any address depin knows (f3 is 86); keeps pasted documents out of the decoders. */
const MAX_LENGTH = 128;

const PARSERS: Record<ChainId, (input: string) => ParseResult> = {
  solana: parseSolana,
  ethereum: (input) => parseEvmAccount(input, 'ethereum'),
  peaq: (input) => parseEvmAccount(input, 'peaq'),
  iotex: parseIotex,
  filecoin: parseFilecoin,
  akash: parseAkash,
  arweave: parseArweave,
};

/**
 * Validates an address, for one chain or inferring the chain from the format. Pure: invalid input
 * is a value whose reason says exactly what is wrong, never an exception. Reasons do not repeat
 * the input (a private key pasted by mistake must not travel on into output or logs).
 */
export function parseAddress(raw: string, chain?: ChainId): ParseResult {
  const input = raw.trim();
  if (input === '') return fail('the address is empty');
  // Checked first: a key must get this answer whatever else is wrong with it as an address.
  if (detectKeyMaterial(input)) return fail(KEY_MATERIAL_REASON);
  if (input.length > MAX_LENGTH) return fail(`is ${input.length} characters, longer than any address (at most ${MAX_LENGTH})`);
  if (/\s/.test(input)) return fail('contains whitespace; pass the address alone');
  if (chain === undefined) return inferAndParse(input);
  if (!(CHAIN_IDS as readonly string[]).includes(chain)) {
    return fail(`unknown chain '${String(chain)}': expected one of ${CHAIN_IDS.join(', ')}`);
  }
  const result = PARSERS[chain](input);
  if (result.ok) return result;
  const other = inferAndParse(input);
  if (other.ok) return fail(`this is an address for ${other.address.chain}, not for ${chain}`, [other.address.chain]);
  if (other.candidates && /^0x/i.test(input)) {
    return fail(`0x… is an EVM address (${EVM_CHAINS.join(', ')}), not one for ${chain}`, other.candidates);
  }
  return result;
}

/**
 * Chains the address is valid on without naming one: one chain for a distinctive format, the
 * EVM chains for a valid `0x`, none for invalid text.
 */
export function inferChains(raw: string): ChainId[] {
  const result = parseAddress(raw);
  if (result.ok) return [result.address.chain];
  return result.candidates ?? [];
}

function inferAndParse(input: string): ParseResult {
  if (/^0x/i.test(input)) {
    const evm = decodeEvm(input);
    return evm.ok ? fail(AMBIGUOUS_0X, [...EVM_CHAINS]) : fail(evm.reason);
  }
  if (/^[0-9a-fA-F]{40}$/.test(input)) return fail('40 hex digits without 0x: an EVM address starts with 0x');
  const shapes = shapeCandidates(input);
  const results = shapes.map((chain) => PARSERS[chain](input));
  const valid = results.filter((r): r is Extract<ParseResult, { ok: true }> => r.ok);
  if (valid.length === 1) return valid[0];
  if (valid.length > 1) {
    const chains = valid.map((r) => r.address.chain);
    return fail(`this address is valid on ${chains.length === 2 ? `both ${chains[0]} and ${chains[1]}` : chains.join(', ')}: pass --chain`, chains);
  }
  const prefix = foreignBech32Prefix(input);
  if (prefix) {
    return fail(`this is a bech32 address with prefix '${prefix}', which depin does not read; it reads akash1… (Akash) and io1… (IoTeX)`);
  }
  return results[0];
}

function parseEvmAccount(input: string, chain: 'ethereum' | 'peaq'): ParseResult {
  const evm = decodeEvm(input);
  if (!evm.ok) return fail(evm.reason);
  return success({ input, chain, display: evm.checksummed, readAddress: evm.checksummed, evmAddress: evm.checksummed });
}
