import { base58 } from '@scure/base';
import { BASE58_ALPHABET, firstForeignChar } from './alphabet.js';
import { fail, success, type ParseResult } from './types.js';

/** A Solana address is a base58 ed25519 public key (or program-derived address): 32 bytes. */
export function parseSolana(input: string): ParseResult {
  const foreign = firstForeignChar(input, BASE58_ALPHABET);
  if (foreign) {
    const why = foreign === "'0'" || foreign === "'O'" || foreign === "'I'" || foreign === "'l'" ? ' (base58 leaves out 0, O, I and l)' : '';
    return fail(`contains ${foreign}, which is not in the base58 alphabet${why}`);
  }
  const bytes = base58.decode(input);
  if (bytes.length !== 32) {
    return fail(`base58 decodes to ${bytes.length} bytes, a Solana address is 32`);
  }
  return success({ input, chain: 'solana', display: input, readAddress: input });
}
