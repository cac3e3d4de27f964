import { bech32 } from '@scure/base';
import type { ChainId } from '../../plugin-api/types.js';

/** Chains whose accounts are plain `0x` + 20 bytes; such an address alone does not say which. */
export const EVM_CHAINS = ['ethereum', 'iotex', 'peaq'] as const satisfies readonly ChainId[];

/**
 * Prefixes that name a chain. `0x` fits every EVM chain (and Filecoin's FEVM with an explicit
 * chain), so it needs a chain to be stored.
 */
export const CHAIN_FOR_PREFIX: ReadonlyArray<{ prefix: string; chains: readonly ChainId[] }> = [
  { prefix: '0x', chains: EVM_CHAINS },
  { prefix: 'io1', chains: ['iotex'] },
  { prefix: 'akash1', chains: ['akash'] },
  ...['f0', 'f1', 'f2', 'f3', 'f4'].map((prefix) => ({ prefix, chains: ['filecoin'] as const })),
];

export const AMBIGUOUS_0X = '0x… addresses exist on ethereum, iotex and peaq: pass --chain';

/**
 * Chains whose format the text has the shape of, most specific first; never empty. Parsing then
 * decides; the first shape's reason is the one shown when none parses.
 */
export function shapeCandidates(text: string): ChainId[] {
  const out: ChainId[] = [];
  if (/^io1/i.test(text)) out.push('iotex');
  if (/^akash/i.test(text)) out.push('akash');
  if (/^[ft][0-9]/i.test(text)) out.push('filecoin');
  // '-', '_', '+', '/' and '=' never occur in base58 but do in base64 (Arweave uses the url-safe pair).
  const base64ish = /^[A-Za-z0-9_+/=-]+$/.test(text);
  if (base64ish && /[-_+/=]/.test(text)) {
    out.push('arweave');
  } else if (/^[A-Za-z0-9]+$/.test(text)) {
    out.push('solana');
    if (text.length === 43) out.push('arweave');
  } else if (out.length === 0) {
    out.push('solana');
  }
  return out;
}

/** A well-formed bech32 string with a prefix depin does not read (cosmos1…, osmo1…): its prefix. */
export function foreignBech32Prefix(text: string): string | undefined {
  const lowered = text.toLowerCase();
  const match = /^([a-z]{2,20})1[02-9ac-hj-np-z]{6,}$/.exec(lowered);
  // io and akash… prefixes have their own parsers, whose reasons are more precise.
  if (!match || match[1] === 'io' || match[1].startsWith('akash')) return undefined;
  return bech32.decodeUnsafe(lowered, false) ? match[1] : undefined;
}
