import { decodeBech32Account } from './bech32.js';
import { fail, success, type ParseResult } from './types.js';

/** Akash account addresses: bech32 with prefix `akash` over 20 bytes. */
export function parseAkash(input: string): ParseResult {
  const lowered = input.toLowerCase();
  if (lowered.startsWith('akashvaloper1')) {
    return fail('akashvaloper… is a validator operator address; track the account address (akash1…) that receives the rewards');
  }
  const decoded = decodeBech32Account(input, 'akash', 20, 'an Akash account address');
  if (!decoded.ok) return fail(decoded.reason);
  return success({ input, chain: 'akash', display: lowered, readAddress: lowered });
}
