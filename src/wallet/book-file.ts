import { readFileSync } from 'node:fs';
import { DepinError } from '../domain/errors.js';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';
import type { DepinPaths } from '../store/paths.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { withFileLock } from '../store/file-lock.js';
import { parseAddress } from './address/index.js';

/** One watch-only wallet: a public address and the chain it is read on. Never a key. */
export interface WalletEntry {
  /** Canonical form (ParsedAddress.display). */
  address: string;
  chain: ChainId;
  label?: string;
  /** Plugin id the wallet belongs to, when the user said so (`--network`). */
  network?: string;
  /** ISO 8601 time it was added. */
  addedAt: string;
}

/** The wallets file, `paths.walletsFile`. */
export interface WalletBook {
  version: 1;
  wallets: WalletEntry[];
}

/**
 * Reads the wallet book; a missing file is an empty book. A file that cannot be understood is an
 * error naming it, and is never rewritten: the user's list is worth more than a fresh start.
 */
export function loadWalletBook(paths: Pick<DepinPaths, 'walletsFile'>): WalletBook {
  const file = paths.walletsFile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, wallets: [] };
    throw new DepinError('WALLETS_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // V8's message quotes the text around the error; the file is named, that is enough.
    throw corrupt(file, 'it is not valid JSON');
  }
  if (!isRecord(data) || !Array.isArray(data.wallets)) throw corrupt(file, 'it has no "wallets" list');
  if (data.version !== 1) {
    if (typeof data.version === 'number' && data.version > 1) {
      throw new DepinError('WALLETS_VERSION', `${file} was written by a newer depin (format version ${data.version})`, {
        suggestion: 'upgrade depin to read it',
      });
    }
    throw corrupt(file, 'its "version" is not 1');
  }
  return { version: 1, wallets: data.wallets.map((entry, i) => readEntry(file, entry, i)) };
}

/** Replaces the book (0600, atomically). A change of the book belongs inside withWalletBookLock. */
export function saveWalletBook(paths: Pick<DepinPaths, 'walletsFile'>, book: WalletBook): void {
  withFileLock(paths.walletsFile, () => writeFileAtomic(paths.walletsFile, `${JSON.stringify(book, null, 2)}\n`));
}

/**
 * Runs a read-modify-write of the wallet book (load, decide, save) under the book's lock, so
 * parallel `depin wallet add` runs each keep their wallet. A writer that cannot get the lock in
 * time fails with a message naming the file; nothing is written then.
 */
export function withWalletBookLock<T>(paths: Pick<DepinPaths, 'walletsFile'>, change: () => T): T {
  return withFileLock(paths.walletsFile, change);
}

function readEntry(file: string, entry: unknown, index: number): WalletEntry {
  const where = `wallet #${index + 1}`;
  if (!isRecord(entry)) throw corrupt(file, `${where} is not an object`);
  const { address, chain, label, network, addedAt } = entry;
  if (typeof chain !== 'string' || !(CHAIN_IDS as readonly string[]).includes(chain)) {
    throw corrupt(file, `${where} has an unknown chain`);
  }
  if (typeof address !== 'string') throw corrupt(file, `${where} has no address`);
  const parsed = parseAddress(address, chain as ChainId);
  if (!parsed.ok) throw corrupt(file, `${where} has an invalid ${chain} address: ${parsed.reason}`);
  if (typeof addedAt !== 'string') throw corrupt(file, `${where} has no "addedAt" time`);
  if (label !== undefined && typeof label !== 'string') throw corrupt(file, `${where} has a label that is not text`);
  if (network !== undefined && typeof network !== 'string') throw corrupt(file, `${where} has a network that is not text`);
  return {
    address: parsed.address.display,
    chain: chain as ChainId,
    ...(label !== undefined ? { label } : {}),
    ...(network !== undefined ? { network } : {}),
    addedAt,
  };
}

function corrupt(file: string, detail: string): DepinError {
  return new DepinError('WALLETS_CORRUPT', `${file} is damaged: ${detail}. It was left as it is.`, {
    kind: 'failure',
    suggestion: `fix the file by hand, or move it aside and add the wallets again with \`depin wallet add\``,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
