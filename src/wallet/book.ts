import { DepinError } from '../domain/errors.js';
import type { ChainId } from '../plugin-api/types.js';
import type { DepinPaths } from '../store/paths.js';
import { inferChains, parseAddress } from './address/index.js';
import { loadWalletBook, saveWalletBook, withWalletBookLock, type WalletBook, type WalletEntry } from './book-file.js';
import { detectKeyMaterial } from './key-material.js';

export { loadWalletBook, type WalletBook, type WalletEntry } from './book-file.js';

type BookPaths = Pick<DepinPaths, 'walletsFile'>;

/** What `depin wallet add` passes in. Without `chain`, the address format must name one. */
export interface NewWallet {
  address: string;
  chain?: ChainId;
  label?: string;
  network?: string;
}

const MAX_LABEL = 64;

/**
 * Adds a watch-only wallet. Refuses private keys and recovery phrases without repeating them,
 * invalid or ambiguous addresses, an address already tracked on that chain, and a label in use.
 */
export function addWallet(paths: BookPaths, wallet: NewWallet, now: Date = new Date()): WalletEntry {
  return withWalletBookLock(paths, () => addWalletLocked(paths, wallet, now));
}

function addWalletLocked(paths: BookPaths, wallet: NewWallet, now: Date): WalletEntry {
  refuseKeyMaterial(wallet.address);
  const parsed = parseAddress(wallet.address, wallet.chain);
  if (!parsed.ok) {
    const suggestion = parsed.candidates?.length ? `add ${parsed.candidates.map((c) => `--chain ${c}`).join(' or ')}` : undefined;
    throw new DepinError('INVALID_ADDRESS', `invalid address: ${parsed.reason}`, { kind: 'usage', suggestion });
  }
  const { display, chain } = parsed.address;
  const label = wallet.label === undefined ? undefined : checkLabel(wallet.label);
  const network = wallet.network === undefined ? undefined : checkNetwork(wallet.network);
  const book = loadWalletBook(paths);
  if (book.wallets.some((w) => w.address === display && w.chain === chain)) {
    throw new DepinError('WALLET_EXISTS', `${display} is already tracked on ${chain}`, {
      kind: 'usage',
      suggestion: 'depin wallet list',
    });
  }
  const holder = label === undefined ? undefined : book.wallets.find((w) => sameLabel(w.label, label));
  if (holder) {
    throw new DepinError('LABEL_TAKEN', `the label "${label}" is already used by ${holder.address} (${holder.chain})`, {
      kind: 'usage',
      suggestion: 'choose another --label, or remove that wallet first',
    });
  }
  const entry: WalletEntry = {
    address: display,
    chain,
    ...(label !== undefined ? { label } : {}),
    ...(network !== undefined ? { network } : {}),
    addedAt: now.toISOString(),
  };
  saveWalletBook(paths, { version: 1, wallets: [...book.wallets, entry] });
  return entry;
}

/** What `removeWallet` may take away when the text matches more than one wallet. */
export interface RemoveOptions {
  /** Only the wallet on this chain. */
  chain?: ChainId;
  /** Every match: the same address (in any of its spellings) on all the chains it is tracked on. */
  all?: boolean;
}

/**
 * Removes the wallet matching a label or an address (in any accepted spelling, e.g. lowercase
 * 0x or an IoTeX 0x for a stored io1). An address tracked on several chains is removed only with
 * `chain` (that one) or `all` (every one); otherwise nothing changes and the usage error names
 * the chains, so nothing disappears unseen. Returns what was removed.
 */
export function removeWallet(paths: BookPaths, addressOrLabel: string, options: RemoveOptions = {}): WalletEntry[] {
  return withWalletBookLock(paths, () => removeWalletLocked(paths, addressOrLabel, options));
}

function removeWalletLocked(paths: BookPaths, addressOrLabel: string, options: RemoveOptions): WalletEntry[] {
  const book = loadWalletBook(paths);
  const matches = trackedMatches(book, addressOrLabel, options.chain);
  if (matches.length > 1 && !options.all) {
    throw new DepinError('WALLET_AMBIGUOUS', `${addressOrLabel.trim()} is tracked on ${matches.length} chains: ${describeMatches(matches)}`, {
      kind: 'usage',
      suggestion: `pass --chain ${matches.map((w) => w.chain).join('|')} to stop tracking it on one, or --yes to stop tracking it on all of them`,
    });
  }
  saveWalletBook(paths, { version: 1, wallets: book.wallets.filter((w) => !matches.includes(w)) });
  return matches;
}

/**
 * The wallets `removeWallet` would remove for this text (without `all`, more than one means it
 * would refuse). An unknown address or label is a usage error; so is key material, unrepeated.
 */
export function walletsToRemove(paths: BookPaths, addressOrLabel: string, chain?: ChainId): WalletEntry[] {
  return trackedMatches(loadWalletBook(paths), addressOrLabel, chain);
}

/** "ethereum 0xAb…, iotex io1…": each match with the spelling it is stored under. */
export function describeMatches(matches: readonly WalletEntry[]): string {
  return matches.map((w) => `${w.chain} ${w.address}`).join(', ');
}

function trackedMatches(book: WalletBook, addressOrLabel: string, chain?: ChainId): WalletEntry[] {
  refuseKeyMaterial(addressOrLabel);
  const matches = findWallets(book, addressOrLabel, chain);
  if (matches.length === 0) {
    const where = chain ? ` on ${chain}` : '';
    throw new DepinError('WALLET_NOT_FOUND', `no tracked wallet has the address or label "${addressOrLabel.trim()}"${where}`, {
      kind: 'usage',
      suggestion: 'depin wallet list',
    });
  }
  return matches;
}

export function listWallets(paths: BookPaths): WalletEntry[] {
  return loadWalletBook(paths).wallets;
}

/** Wallets whose label (case-insensitive) or address matches; a label match wins. */
export function findWallets(book: WalletBook, addressOrLabel: string, chain?: ChainId): WalletEntry[] {
  const text = addressOrLabel.trim();
  const candidates = chain ? book.wallets.filter((w) => w.chain === chain) : book.wallets;
  const byLabel = candidates.filter((w) => sameLabel(w.label, text));
  if (byLabel.length > 0) return byLabel;
  return candidates.filter((w) => {
    const parsed = parseAddress(text, w.chain);
    return parsed.ok && parsed.address.display === w.address;
  });
}

function refuseKeyMaterial(text: string): void {
  const kind = detectKeyMaterial(text);
  if (!kind) return;
  const what = kind === 'recovery-phrase' ? 'a recovery phrase' : 'a private key';
  // The input is deliberately left out of the message, the suggestion and the cause.
  throw new DepinError(
    'PRIVATE_KEY_REFUSED',
    `that looks like ${what}, not an address. depin only needs the public address and never asks for a private key; nothing was stored.`,
    { kind: 'usage', suggestion: "pass the wallet's public address (the one you would share to receive tokens)" },
  );
}

function checkLabel(raw: string): string {
  const label = raw.trim();
  if (label === '' || label.length > MAX_LABEL) {
    throw new DepinError('INVALID_LABEL', `a label is 1 to ${MAX_LABEL} printable characters`, { kind: 'usage' });
  }
  const hidden = invisibleChar(label);
  if (hidden) {
    // Direction overrides and invisible characters let a label reorder or hide what a table shows.
    throw new DepinError('INVALID_LABEL', `a label must not contain ${hidden}, a control, invisible or text-direction character`, {
      kind: 'usage',
      suggestion: 'use visible letters, digits, punctuation and plain spaces',
    });
  }
  // `wallet remove` takes an address or a label, so a label must not read as an address.
  if (inferChains(label).length > 0 || detectKeyMaterial(label)) {
    throw new DepinError('INVALID_LABEL', 'a label must not look like an address', { kind: 'usage' });
  }
  return label;
}

/**
 * Controls (Cc), format characters (Cf: bidi overrides and isolates, zero-width space and joiners,
 * BOM), separators other than the plain space, unassigned, private-use and lone surrogate code
 * points, and the letters and marks that render as nothing (Hangul fillers, variation selectors,
 * the combining grapheme joiner, Mongolian free variation selectors, Khmer inherent vowels,
 * the braille blank).
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

/** The first character of `text` that a table would not show as itself, named by code point. */
function invisibleChar(text: string): string | undefined {
  const match = INVISIBLE.exec(text);
  return match ? `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

function checkNetwork(raw: string): string {
  const network = raw.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(network)) {
    throw new DepinError('INVALID_NETWORK', `"${network}" is not a network id (lowercase letters, digits and dashes)`, {
      kind: 'usage',
      suggestion: 'depin networks',
    });
  }
  return network;
}

function sameLabel(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
