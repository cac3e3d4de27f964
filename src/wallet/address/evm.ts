import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { HEX_ALPHABET, firstForeignChar } from './alphabet.js';

export type EvmDecode = { ok: true; checksummed: string; bytes: Uint8Array } | { ok: false; reason: string };

/** EIP-55: a hex letter is upper case where the matching nibble of keccak256(lowercase hex) is ≥ 8. */
export function toChecksumAddress(hex40: string): string {
  const lower = hex40.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{40}$/.test(lower)) throw new TypeError('toChecksumAddress needs 40 hex digits');
  const hash = keccak_256(utf8ToBytes(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out;
}

/**
 * Validates a `0x` + 40 hex address. All-lowercase and all-uppercase carry no checksum and are
 * accepted; mixed case must match EIP-55, since a mismatch means a mistyped character.
 */
export function decodeEvm(input: string): EvmDecode {
  if (!/^0x/i.test(input)) return { ok: false, reason: 'an EVM address starts with 0x' };
  if (input.startsWith('0X')) return { ok: false, reason: "starts with '0X'; an EVM address starts with lowercase 0x" };
  const hex = input.slice(2);
  const foreign = firstForeignChar(hex, HEX_ALPHABET);
  if (foreign) return { ok: false, reason: `contains ${foreign}, which is not a hex digit` };
  if (hex.length !== 40) {
    const hint = hex.length === 64 ? ' (64 hex digits is a transaction hash or a private key, not an address)' : '';
    return { ok: false, reason: `has ${hex.length} hex digits after 0x, an EVM address has 40${hint}` };
  }
  const checksummed = toChecksumAddress(hex);
  const mixed = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
  if (mixed && `0x${hex}` !== checksummed) {
    return {
      ok: false,
      reason: `bad EIP-55 checksum: the upper/lower case letters do not match, so a character is probably mistyped; if every digit is right, the checksummed form is ${checksummed}`,
    };
  }
  return { ok: true, checksummed, bytes: hexToBytes20(hex) };
}

function hexToBytes20(hex: string): Uint8Array {
  const bytes = new Uint8Array(20);
  for (let i = 0; i < 20; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
