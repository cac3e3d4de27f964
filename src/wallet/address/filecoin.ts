import { blake2b } from '@noble/hashes/blake2.js';
import { base32nopad } from '@scure/base';
import { BASE32_LOWER_ALPHABET, firstForeignChar } from './alphabet.js';
import { bytesToHex, decodeEvm, toChecksumAddress } from './evm.js';
import { fail, success, type ParseResult } from './types.js';

const MAX_ID = (1n << 63n) - 1n;
/** Payload sizes of the fixed-size protocols; f4 carries a manager id and a variable sub-address. */
const PAYLOAD: Record<string, { size: number; name: string }> = {
  '1': { size: 20, name: 'secp256k1' },
  '2': { size: 20, name: 'actor' },
  '3': { size: 48, name: 'BLS' },
};
const EAM_ID = 10n;
const MAX_SUBADDRESS = 54;

/**
 * Filecoin mainnet addresses: `f` + protocol digit + payload. f0 is a decimal actor id with no
 * checksum; f1/f2/f3/f4 are lowercase base32 of payload‖blake2b-4(protocol‖payload). `0x…` is
 * accepted too (FEVM) and stored as its f410f (or, for a masked id, f0) equivalent.
 */
export function parseFilecoin(input: string): ParseResult {
  if (/^0x/i.test(input)) return parseFevm(input);
  const s = input.toLowerCase();
  if (/^t[0-4]/.test(s)) {
    return fail('a t… address is a Filecoin testnet address; depin tracks Filecoin mainnet, whose addresses start with f');
  }
  if (s[0] !== 'f') return fail('a Filecoin address starts with f (mainnet) followed by a protocol digit 0–4');
  const protocol = s[1] ?? '';
  const rest = s.slice(2);
  if (protocol === '0') return parseId(input, rest);
  if (protocol === '4') return parseDelegated(input, rest);
  const spec = PAYLOAD[protocol];
  if (!spec) {
    const seen = protocol ? `'${protocol}'` : 'missing';
    return fail(`Filecoin protocol ${seen} does not exist: after f comes 0 (id), 1 (secp256k1), 2 (actor), 3 (BLS) or 4 (delegated)`);
  }
  const foreign = firstForeignChar(rest, BASE32_LOWER_ALPHABET);
  if (foreign) return fail(base32Foreign(foreign));
  const expectedChars = 2 + Math.ceil(((spec.size + 4) * 8) / 5);
  if (s.length !== expectedChars) {
    return fail(`is ${s.length} characters, an f${protocol} (${spec.name}) address is ${expectedChars}`);
  }
  const decoded = decodeBase32(rest);
  if (!decoded.ok) return fail(decoded.reason);
  const payload = decoded.bytes.subarray(0, spec.size);
  if (!checksumMatches([Number(protocol)], payload, decoded.bytes.subarray(spec.size))) {
    return fail('Filecoin checksum mismatch (a character is mistyped or swapped)');
  }
  return success({ input, chain: 'filecoin', display: s, readAddress: s, kind: 'account' });
}

function parseId(input: string, digits: string): ParseResult {
  if (!/^[0-9]+$/.test(digits)) {
    return fail('an f0 address is f0 followed by the decimal actor id (digits only)');
  }
  const id = BigInt(digits);
  if (id > MAX_ID) return fail('the f0 actor id is larger than Filecoin allows (2^63 − 1)');
  const display = `f0${id}`;
  return success({ input, chain: 'filecoin', display, readAddress: display, kind: 'miner' });
}

function parseDelegated(input: string, rest: string): ParseResult {
  const match = /^([0-9]+)f(.*)$/.exec(rest);
  if (!match) return fail('an f4 address is f4, the manager actor id, f, then base32 (f410f… for Ethereum addresses)');
  const manager = BigInt(match[1]);
  if (manager > MAX_ID) return fail('the f4 manager actor id is larger than Filecoin allows (2^63 − 1)');
  const foreign = firstForeignChar(match[2], BASE32_LOWER_ALPHABET);
  if (foreign) return fail(base32Foreign(foreign));
  // Ethereum addresses (20 bytes) are what users paste as f410f…: a wrong length there is most
  // likely a truncated copy, and says so rather than only "checksum mismatch".
  const eamLength = manager === EAM_ID ? `is ${input.length} characters, an f410f address (an Ethereum address) is 44` : undefined;
  const decoded = decodeBase32(match[2]);
  if (!decoded.ok) return fail(eamLength && input.length !== 44 ? eamLength : decoded.reason);
  if (decoded.bytes.length < 4) return fail(eamLength ?? 'an f4 address ends in a 4-byte checksum, and this one is too short to hold it');
  // Like go-address: the sub-address may be empty (the checksum alone follows the manager id).
  const sub = decoded.bytes.subarray(0, decoded.bytes.length - 4);
  if (sub.length > MAX_SUBADDRESS) {
    return fail(`an f4 address carries a sub-address of at most ${MAX_SUBADDRESS} bytes, this one carries ${sub.length}`);
  }
  const prefix = [4, ...uvarint(manager)];
  if (!checksumMatches(prefix, sub, decoded.bytes.subarray(sub.length))) {
    return fail(eamLength && input.length !== 44 ? eamLength : 'Filecoin checksum mismatch (a character is mistyped or swapped)');
  }
  const display = `f4${manager}f${match[2]}`;
  const evmAddress = manager === EAM_ID && sub.length === 20 ? toChecksumAddress(bytesToHex(sub)) : undefined;
  return success({
    input,
    chain: 'filecoin',
    display,
    readAddress: display,
    kind: 'account',
    ...(evmAddress ? { evmAddress } : {}),
  });
}

function parseFevm(input: string): ParseResult {
  const evm = decodeEvm(input);
  if (!evm.ok) return fail(evm.reason);
  const display = evmToFilecoinBytes(evm.bytes);
  const kind = display.startsWith('f0') ? 'miner' : 'account';
  return success({ input, chain: 'filecoin', display, readAddress: display, evmAddress: evm.checksummed, kind });
}

/** `0x…` → `f410f…` (or `f0…` for an id-masked 0xff00… address); undefined when not a valid EVM address. */
export function evmToFilecoin(hex: string): string | undefined {
  const evm = decodeEvm(hex);
  return evm.ok ? evmToFilecoinBytes(evm.bytes) : undefined;
}

/** `f410f…` → EIP-55 `0x…`; undefined for anything else. */
export function f410ToEvm(address: string): string | undefined {
  const parsed = parseFilecoin(address);
  return parsed.ok && parsed.address.display.startsWith('f410f') ? parsed.address.evmAddress : undefined;
}

function evmToFilecoinBytes(eth: Uint8Array): string {
  // FEVM reserves 0xff + 11 zero bytes + 8-byte big-endian id for actors that only have an id.
  if (eth[0] === 0xff && eth.subarray(1, 12).every((b) => b === 0)) {
    const id = eth.subarray(12).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    return `f0${id}`;
  }
  const sum = blake2b(Uint8Array.from([4, 10, ...eth]), { dkLen: 4 });
  return `f410f${base32nopad.encode(Uint8Array.from([...eth, ...sum])).toLowerCase()}`;
}

type Base32Decode = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

function base32Foreign(foreign: string): string {
  return `contains ${foreign}, which is not in the base32 alphabet Filecoin uses (a–z, 2–7)`;
}

function decodeBase32(text: string): Base32Decode {
  const foreign = firstForeignChar(text, BASE32_LOWER_ALPHABET);
  if (foreign) return { ok: false, reason: base32Foreign(foreign) };
  try {
    return { ok: true, bytes: base32nopad.decode(text.toUpperCase()) };
  } catch {
    return { ok: false, reason: 'its base32 text does not end on a whole byte (truncated, extra characters, or a mistyped last character)' };
  }
}

function checksumMatches(prefix: number[], payload: Uint8Array, checksum: Uint8Array): boolean {
  const expected = blake2b(Uint8Array.from([...prefix, ...payload]), { dkLen: 4 });
  return checksum.length === 4 && expected.every((b, i) => b === checksum[i]);
}

function uvarint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}
