import { sha256 } from '@noble/hashes/sha2.js';
import { base58 } from '@scure/base';
import type { DerivationCache } from './derivation-cache.js';
import { ASSOCIATED_TOKEN_PROGRAM } from './solana-layout.js';

/** Derives associated token account addresses. */
export type AtaDeriver = (owner: string, mint: string, tokenProgram: string) => string;

/** The seeds of one associated token account. */
export interface AtaSeeds {
  owner: string;
  mint: string;
  program: string;
}

/** Where resolveAtas finds addresses before it derives them. */
export interface AtaSources {
  /** Addresses derived or checked in this process: trusted as they are. */
  memory: DerivationCache;
  /** Addresses kept across runs: each is checked against its seeds before use. */
  store?: DerivationCache;
  /** Loads the deriver, only when something is left to derive (default: loadAtaDeriver). */
  load?: () => Promise<AtaDeriver>;
}

let derivations = 0;
let loading: Promise<AtaDeriver> | undefined;

/** How many associated token accounts this process has derived (each costs one or more curve checks). */
export function ataDerivations(): number {
  return derivations;
}

/**
 * Loads @solana/web3.js on first use (it is heavy) and returns a deriver of associated token accounts:
 * the program address of seeds [owner, token program, mint] under the Associated Token Account program.
 * Owners off the curve (program-derived addresses) are allowed, as the ATA program allows them.
 */
export function loadAtaDeriver(): Promise<AtaDeriver> {
  loading ??= import('@solana/web3.js').then(({ PublicKey }) => {
    const ataProgram = new PublicKey(ASSOCIATED_TOKEN_PROGRAM);
    return (owner: string, mint: string, tokenProgram: string) => {
      derivations++;
      const seeds = [new PublicKey(owner).toBuffer(), new PublicKey(tokenProgram).toBuffer(), new PublicKey(mint).toBuffer()];
      return PublicKey.findProgramAddressSync(seeds, ataProgram)[0].toBase58();
    };
  });
  // A failed load is not remembered, so a later read can try again.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The cache key of one associated token account. */
export const ataKey = (owner: string, mint: string, program: string): string => `${owner}|${mint}|${program}`;

const ATA_PROGRAM_BYTES = base58.decode(ASSOCIATED_TOKEN_PROGRAM);
const PDA_MARKER = new TextEncoder().encode('ProgramDerivedAddress');

function decode32(text: string): Uint8Array | undefined {
  try {
    const bytes = base58.decode(text);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `address` is the program-address hash of these ATA seeds under some bump, the same hash
 * findProgramAddress computes, without its curve checks (which make derivation slow). A damaged or
 * mistaken stored address fails this; it cannot tell the canonical bump from another, which only a
 * deliberate writer of the store could choose, and such an address holds no account.
 */
export function isAtaHash(address: string, seeds: AtaSeeds, decode: (text: string) => Uint8Array | undefined = decode32): boolean {
  const target = decode32(address);
  const owner = decode(seeds.owner);
  const program = decode(seeds.program);
  const mint = decode(seeds.mint);
  if (!target || !owner || !program || !mint) return false;
  const input = new Uint8Array(32 * 3 + 1 + 32 + PDA_MARKER.length);
  input.set(owner, 0);
  input.set(program, 32);
  input.set(mint, 64);
  input.set(ATA_PROGRAM_BYTES, 97);
  input.set(PDA_MARKER, 129);
  // findProgramAddress tries bumps from 255 down to 1.
  for (let bump = 255; bump >= 1; bump--) {
    input[96] = bump;
    const hash = sha256(input);
    let same = true;
    for (let i = 0; i < 32 && same; i++) same = hash[i] === target[i];
    if (same) return true;
  }
  return false;
}

/** The stored entries of these keys, or none when the store fails: it only ever saves time. */
function readStore(store: DerivationCache, keys: string[]): Map<string, string> {
  try {
    const found = store.getMany(keys);
    return found instanceof Map ? found : new Map();
  } catch {
    return new Map();
  }
}

/**
 * The address of every associated token account in `seeds`, by key (ataKey): taken from memory, else
 * from the store once it passes isAtaHash, else derived. The store is asked once (one getMany) and
 * written once (one putMany, with what it lacked or held wrongly; none when it had everything).
 * Throws only when derivation is needed and @solana/web3.js cannot load.
 */
export async function resolveAtas(seeds: readonly AtaSeeds[], sources: AtaSources): Promise<Map<string, string>> {
  const unique = new Map<string, AtaSeeds>();
  for (const s of seeds) unique.set(ataKey(s.owner, s.mint, s.program), s);
  const keys = [...unique.keys()];
  const known = sources.memory.getMany(keys);
  const stored = sources.store ? readStore(sources.store, keys) : new Map<string, string>();
  const decoded = new Map<string, Uint8Array | undefined>();
  const decode = (text: string) => {
    if (!decoded.has(text)) decoded.set(text, decode32(text));
    return decoded.get(text);
  };

  const resolved = new Map<string, string>();
  const learnt: [string, string][] = [];
  const toStore: [string, string][] = [];
  const missing: string[] = [];
  for (const [key, s] of unique) {
    const memo = known.get(key);
    const kept = stored.get(key);
    if (memo !== undefined) {
      resolved.set(key, memo);
      if (kept !== memo) toStore.push([key, memo]);
    } else if (typeof kept === 'string' && isAtaHash(kept, s, decode)) {
      resolved.set(key, kept);
      learnt.push([key, kept]);
    } else {
      missing.push(key);
    }
  }
  if (missing.length > 0) {
    const derive = await (sources.load ?? loadAtaDeriver)();
    for (const key of missing) {
      const s = unique.get(key)!;
      const address = derive(s.owner, s.mint, s.program);
      resolved.set(key, address);
      learnt.push([key, address]);
      toStore.push([key, address]);
    }
  }
  if (learnt.length > 0) sources.memory.putMany(learnt);
  if (sources.store && toStore.length > 0) {
    try {
      sources.store.putMany(toStore);
    } catch {
      // Not kept this time: the next run derives them again.
    }
  }
  return resolved;
}
