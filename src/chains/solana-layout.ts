import { base58 } from '@scure/base';

/** The classic SPL Token program. */
export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
/** The Token-2022 program (token extensions); its accounts share the classic base layout. */
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
/** The Associated Token Account program that owns the address derivation of ATAs. */
export const ASSOCIATED_TOKEN_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
export const TOKEN_PROGRAMS: readonly string[] = [TOKEN_PROGRAM, TOKEN_2022_PROGRAM];

const TOKEN_ACCOUNT_SIZE = 165;
const MINT_SIZE = 82;
// Token-2022 pads extended accounts to 165 bytes and marks the kind in the byte that follows.
const ACCOUNT_TYPE_OFFSET = 165;
const ACCOUNT_TYPE_MINT = 1;
const ACCOUNT_TYPE_ACCOUNT = 2;

/** The base fields of an SPL token account. */
export interface TokenAccountData {
  mint: string;
  owner: string;
  amount: bigint;
  initialized: boolean;
}

/** The base fields of an SPL mint. */
export interface MintData {
  decimals: number;
  supply: bigint;
  initialized: boolean;
}

/** An account as a Solana RPC returns it, with its data decoded from base64 or left as parsed JSON. */
export interface RpcAccount {
  program: string;
  lamports: bigint;
  data: { kind: 'bytes'; bytes: Uint8Array } | { kind: 'parsed'; program: string; parsed: unknown };
}

// One read meets the same few owners, mints and programs hundreds of times (every account, every
// request), and base58 costs microseconds each way, which added up to milliseconds per read: what
// was worked out once is remembered, up to this many entries, then the memory starts afresh.
const MEMORY_LIMIT = 8192;

/** The base58 texts of 32-byte keys met before, by the bytes as latin1 text (one character per byte, cheap to build). */
const base58Texts = new Map<string, string>();

/** The base58 text of the 32-byte key at `offset` in `data`. */
function addressAt(data: Uint8Array, offset: number): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset + offset, 32);
  const key = bytes.toString('latin1');
  let text = base58Texts.get(key);
  if (text === undefined) {
    if (base58Texts.size >= MEMORY_LIMIT) base58Texts.clear();
    base58Texts.set(key, (text = base58.encode(bytes)));
  }
  return text;
}

/** Decodes the base layout of a token account (Token or Token-2022), or says why it cannot. */
export function decodeTokenAccount(data: Uint8Array): TokenAccountData | string {
  const extended = data.length > ACCOUNT_TYPE_OFFSET && data[ACCOUNT_TYPE_OFFSET] === ACCOUNT_TYPE_ACCOUNT;
  if (data.length !== TOKEN_ACCOUNT_SIZE && !extended) return `not a token account (${data.length} bytes)`;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    mint: addressAt(data, 0),
    owner: addressAt(data, 32),
    amount: view.getBigUint64(64, true),
    initialized: data[108] !== 0,
  };
}

/** Decodes the base layout of a mint (Token or Token-2022), or says why it cannot. */
export function decodeMint(data: Uint8Array): MintData | string {
  const extended = data.length > ACCOUNT_TYPE_OFFSET && data[ACCOUNT_TYPE_OFFSET] === ACCOUNT_TYPE_MINT;
  if (data.length !== MINT_SIZE && !extended) return `not a mint (${data.length} bytes)`;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { supply: view.getBigUint64(36, true), decimals: data[44], initialized: data[45] !== 0 };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Strings isSolanaAddress accepted before. */
const validAddresses = new Set<string>();

/** True for a base58 string that decodes to exactly 32 bytes and re-encodes to itself. */
export function isSolanaAddress(value: string): boolean {
  if (validAddresses.has(value)) return true;
  if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value)) return false;
  try {
    const bytes = base58.decode(value);
    if (bytes.length !== 32 || base58.encode(bytes) !== value) return false;
  } catch {
    return false;
  }
  if (validAddresses.size >= MEMORY_LIMIT) validAddresses.clear();
  validAddresses.add(value);
  return true;
}

/**
 * Strict base64 (RFC 4648 with padding, canonical: no stray characters, zero trailing bits), or
 * undefined. Node decodes natively, many times faster than a JavaScript codec, but leniently
 * (it skips what it cannot read), so only text that its own encoding gives back is accepted.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined;
  // A plain Uint8Array view, as callers and tests expect, over the same memory.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads one account object of an RPC answer (`getMultipleAccounts`, `getTokenAccountsByOwner`):
 * `null` for a missing account, a string saying what is wrong with a malformed one.
 */
export function readRpcAccount(value: unknown): RpcAccount | null | string {
  if (value === null) return null;
  if (!isRecord(value)) return 'account is not an object';
  const { owner, lamports, data } = value;
  if (typeof owner !== 'string' || !isSolanaAddress(owner)) return 'account owner is not an address';
  if (typeof lamports !== 'number' || !Number.isSafeInteger(lamports) || lamports < 0) return 'account lamports are not a whole number';
  if (Array.isArray(data)) {
    if (data.length !== 2 || data[1] !== 'base64' || typeof data[0] !== 'string') return 'account data is not base64';
    const bytes = decodeBase64(data[0]);
    if (!bytes) return 'account data is not valid base64';
    return { program: owner, lamports: BigInt(lamports), data: { kind: 'bytes', bytes } };
  }
  if (isRecord(data) && typeof data.program === 'string' && 'parsed' in data) {
    return { program: owner, lamports: BigInt(lamports), data: { kind: 'parsed', program: data.program, parsed: data.parsed } };
  }
  return 'account data has an unknown encoding';
}

/** The token fields of an account, from raw bytes or from the RPC's `jsonParsed` form, plus decimals when given. */
export function tokenAccountOf(account: RpcAccount): (TokenAccountData & { decimals?: number }) | string {
  if (account.data.kind === 'bytes') return decodeTokenAccount(account.data.bytes);
  const parsed = account.data.parsed;
  if (!isRecord(parsed) || parsed.type !== 'account' || !isRecord(parsed.info)) return 'parsed data is not a token account';
  const { mint, owner, tokenAmount, state } = parsed.info;
  if (typeof mint !== 'string' || typeof owner !== 'string' || !isRecord(tokenAmount)) return 'parsed token account lacks mint, owner or amount';
  const { amount, decimals } = tokenAmount;
  if (typeof amount !== 'string' || !/^\d{1,20}$/.test(amount)) return 'parsed token amount is not an integer string';
  if (typeof decimals !== 'number' || !Number.isInteger(decimals)) return 'parsed token decimals are not an integer';
  return { mint, owner, amount: BigInt(amount), decimals, initialized: state !== 'uninitialized' };
}
