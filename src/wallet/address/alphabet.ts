/**
 * Finds the first character of `text` outside `alphabet`, so a rejection can name it. Unicode
 * look-alikes (Cyrillic "а", zero-width spaces) are described by code point, since they print
 * the same as the letter the user meant.
 */
export function firstForeignChar(text: string, alphabet: string): string | undefined {
  for (const ch of text) {
    if (!alphabet.includes(ch)) return describeChar(ch);
  }
  return undefined;
}

export function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code > 0x20 && code < 0x7f) return `'${ch}'`;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** RFC 4648 base32, lowercase, as Filecoin writes it. */
export const BASE32_LOWER_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const HEX_ALPHABET = '0123456789abcdefABCDEF';
