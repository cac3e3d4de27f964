import { base64urlnopad } from '@scure/base';
import { BASE64URL_ALPHABET, firstForeignChar } from './alphabet.js';
import { fail, success, type ParseResult } from './types.js';

/** An Arweave address is base64url (no padding) of a 32-byte SHA-256: 43 characters. */
export function parseArweave(input: string): ParseResult {
  const foreign = firstForeignChar(input, BASE64URL_ALPHABET);
  if (foreign) {
    const why = foreign === "'+'" || foreign === "'/'" ? " (that is standard base64; Arweave uses '-' and '_')" : '';
    return fail(`contains ${foreign}, which is not in the base64url alphabet${why}`);
  }
  if (input.length !== 43) {
    return fail(`is ${input.length} characters, an Arweave address is 43 (base64url of 32 bytes)`);
  }
  try {
    base64urlnopad.decode(input);
  } catch {
    // 43 characters hold 258 bits; the last 2 must be zero for the text to be the encoding of 32 bytes.
    return fail('its last character leaves non-zero padding bits, so it is not the base64url form of 32 bytes');
  }
  return success({ input, chain: 'arweave', display: input, readAddress: input });
}
