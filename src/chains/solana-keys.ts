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
  const addresses = await resolveAtasInOrder(seeds, sources);
  return new Map(seeds.map((s, i) => [ataKey(s.owner, s.mint, s.program), addresses[i]]));
}

/**
 * resolveAtas, answering one address per seed, in the order of `seeds`. Each key is built and
 * looked up as few times as can be: a warm read of a few hundred wallets resolves its accounts
 * from memory, and long keys built and hashed again and again cost most of a millisecond a read.
 */
export async function resolveAtasInOrder(seeds: readonly AtaSeeds[], sources: AtaSources): Promise<string[]> {
  // Each distinct key once, in first-seen order, with its seeds; `slot` maps every seed onto its key there.
  const keys: string[] = [];
  const seedsOf: AtaSeeds[] = [];
  const slotOf = new Map<string, number>();
  const slot = seeds.map((s) => {
    const key = ataKey(s.owner, s.mint, s.program);
    let at = slotOf.get(key);
    if (at === undefined) {
      at = keys.push(key) - 1;
      seedsOf.push(s);
      slotOf.set(key, at);
    }
    return at;
  });
  const known = sources.memory.getMany(keys);
  const stored = sources.store ? readStore(sources.store, keys) : new Map<string, string>();
  const decoded = new Map<string, Uint8Array | undefined>();
  const decode = (text: string) => {
    if (!decoded.has(text)) decoded.set(text, decode32(text));
    return decoded.get(text);
  };

  const resolved: string[] = new Array(keys.length);
  const learnt: [string, string][] = [];
  const toStore: [string, string][] = [];
  const missing: number[] = [];
  keys.forEach((key, at) => {
    const memo = known.get(key);
    const kept = stored.get(key);
    if (memo !== undefined) {
      resolved[at] = memo;
      if (kept !== memo) toStore.push([key, memo]);
    } else if (typeof kept === 'string' && isAtaHash(kept, seedsOf[at], decode)) {
      resolved[at] = kept;
      learnt.push([key, kept]);
    } else {
      missing.push(at);
    }
  });
  if (missing.length > 0) {
    const derive = await (sources.load ?? loadAtaDeriver)();
    for (const at of missing) {
      const s = seedsOf[at];
      const address = derive(s.owner, s.mint, s.program);
      resolved[at] = address;
      learnt.push([keys[at], address]);
      toStore.push([keys[at], address]);
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
  return slot.map((at) => resolved[at]);
}
