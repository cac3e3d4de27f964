import { decodeBech32Account, encodeBech32 } from './bech32.js';
import { bytesToHex, decodeEvm, toChecksumAddress } from './evm.js';
import { fail, success, type ParseResult } from './types.js';

const HRP = 'io';

/**
 * IoTeX accounts have two spellings of the same 20 bytes: native `io1…` (bech32) and `0x…`.
 * Both are accepted; `io1…` is stored, `0x…` is what the EVM gateway reads.
 */
export function parseIotex(input: string): ParseResult {
  if (/^0x/i.test(input)) {
    const evm = decodeEvm(input);
    if (!evm.ok) return fail(evm.reason);
    const native = encodeBech32(HRP, evm.bytes);
    return success({ input, chain: 'iotex', display: native, readAddress: evm.checksummed, evmAddress: evm.checksummed });
  }
  const decoded = decodeBech32Account(input, HRP, 20, 'an IoTeX address');
  if (!decoded.ok) return fail(decoded.reason);
  const hex = hexFromBytes(decoded.bytes);
  return success({ input, chain: 'iotex', display: input.toLowerCase(), readAddress: hex, evmAddress: hex });
}

/** `io1…` → EIP-55 `0x…`; undefined when the input is not a valid IoTeX address. */
export function iotexToEvm(io: string): string | undefined {
  const decoded = decodeBech32Account(io, HRP, 20, 'an IoTeX address');
  return decoded.ok ? hexFromBytes(decoded.bytes) : undefined;
}

/** `0x…` → `io1…`; undefined when the input is not a valid EVM address. */
export function evmToIotex(hex: string): string | undefined {
  const evm = decodeEvm(hex);
  return evm.ok ? encodeBech32(HRP, evm.bytes) : undefined;
}

function hexFromBytes(bytes: Uint8Array): string {
  return toChecksumAddress(bytesToHex(bytes));
}
