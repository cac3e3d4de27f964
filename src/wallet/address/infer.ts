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
  { prefix: 'f', chains: ['filecoin'] },
];

export const AMBIGUOUS_0X = '0x… addresses exist on ethereum, iotex and peaq: pass --chain';

/**
 * Chains whose format the text has the shape of, most specific first. Parsing then decides; the
 * first shape's reason is the one shown when none parses.
 */
export function shapeCandidates(text: string): ChainId[] {
  const out: ChainId[] = [];
  if (/^io1/i.test(text)) out.push('iotex');
  if (/^akash/i.test(text)) out.push('akash');
  if (/^[ft][0-9]/i.test(text)) out.push('filecoin');
  const base64url = /^[A-Za-z0-9_-]+$/.test(text);
  const urlOnly = /[-_]/.test(text);
  if (base64url && urlOnly) out.push('arweave');
  if (/^[A-Za-z0-9]+$/.test(text) || (!base64url && !out.length)) out.push('solana');
  if (base64url && !urlOnly && text.length === 43) out.push('arweave');
  return out;
}
