import { bech32 } from '@scure/base';
import { BECH32_ALPHABET, firstForeignChar } from './alphabet.js';

export type Bech32Decode = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Decodes a bech32 account address with a precise reason for each way it can be wrong. `name`
 * is how the address is called in reasons ("an IoTeX address"), `size` the payload length.
 */
export function decodeBech32Account(input: string, hrp: string, size: number, name: string): Bech32Decode {
  const lowered = input.toLowerCase();
  if (input !== lowered && input !== input.toUpperCase()) {
    return { ok: false, reason: 'mixes upper and lower case, which bech32 does not allow' };
  }
  const sep = lowered.lastIndexOf('1');
  const prefix = sep > 0 ? lowered.slice(0, sep) : '';
  if (prefix !== hrp) {
    const seen = prefix ? `'${prefix}'` : 'missing';
    return { ok: false, reason: `bech32 prefix is ${seen}; ${name} starts with ${hrp}1` };
  }
  const data = lowered.slice(sep + 1);
  const foreign = firstForeignChar(data, BECH32_ALPHABET);
  if (foreign) return { ok: false, reason: `contains ${foreign}, which is not in the bech32 alphabet` };
  // 8 bits per byte in 5-bit words, plus 6 checksum characters.
  const expectedLength = hrp.length + 1 + Math.ceil((size * 8) / 5) + 6;
  const decoded = bech32.decodeUnsafe(lowered, false);
  if (!decoded) {
    if (lowered.length !== expectedLength) {
      return { ok: false, reason: `is ${lowered.length} characters, ${name} is ${expectedLength} (truncated or extra characters?)` };
    }
    return { ok: false, reason: 'bech32 checksum does not match (a character is mistyped or swapped)' };
  }
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  if (!bytes) return { ok: false, reason: 'bech32 data has non-zero padding bits, so it is not a valid address' };
  if (bytes.length !== size) {
    return { ok: false, reason: `bech32 payload is ${bytes.length} bytes, ${name} carries ${size}` };
  }
  return { ok: true, bytes };
}

export function encodeBech32(hrp: string, bytes: Uint8Array): string {
  return bech32.encode(hrp, bech32.toWords(bytes), false);
}
