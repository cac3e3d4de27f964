import { base58 } from '@scure/base';

/** What kind of secret a pasted text appears to be. */
export type KeyMaterialKind = 'hex-private-key' | 'solana-keypair' | 'keypair-json' | 'recovery-phrase' | 'jwk';

/**
 * Recognises private keys and recovery phrases pasted where an address belongs: hex keys
 * (64 digits, with or without 0x, and longer hex exports such as `lotus wallet export`), a
 * base58 or JSON-array 64-byte Solana keypair, an Arweave JWK, or a BIP-39 style word list.
 * Used to refuse the input without ever repeating it.
 */
export function detectKeyMaterial(raw: string): KeyMaterialKind | undefined {
  const text = raw.trim();
  if (/^(0x)?[0-9a-fA-F]{64,}$/.test(text)) return 'hex-private-key';
  if (text.startsWith('[')) return isByteArray64(text) ? 'keypair-json' : undefined;
  if (text.startsWith('{')) return looksLikeJwk(text) ? 'jwk' : undefined;
  if (/^[1-9A-HJ-NP-Za-km-z]{80,90}$/.test(text) && base58.decode(text).length === 64) return 'solana-keypair';
  const words = text.split(/\s+/);
  if ([12, 15, 18, 21, 24].includes(words.length) && words.every((w) => /^[a-z]{3,8}$/.test(w))) return 'recovery-phrase';
  return undefined;
}

function isByteArray64(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.length === 64 && value.every((n) => Number.isInteger(n) && n >= 0 && n <= 255);
  } catch {
    return false;
  }
}

function looksLikeJwk(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && ('d' in value || 'kty' in value || 'PrivateKey' in value);
  } catch {
    return false;
  }
}
