import type { ChainId } from '../plugin-api/types.js';

/** EIP-155 chain ids of the EVM chains depin reads (ethereum-lists/chains eip155-1, -4689, -3338). */
export const EVM_CHAIN_IDS = { ethereum: 1, iotex: 4689, peaq: 3338 } as const satisfies Partial<Record<ChainId, number>>;

/** A chain that the EVM reader serves. */
export type EvmChain = keyof typeof EVM_CHAIN_IDS;

/** A 0x-prefixed hex string as viem types it. */
export type Hex = `0x${string}`;

/**
 * Where Multicall3 lives on nearly every EVM chain (deployed with the same keyless transaction
 * everywhere). The reader still checks for code there before trusting it.
 */
export const MULTICALL3_ADDRESS: Hex = '0xcA11bde05977b3631167028862bE2a173976CA11';

export function isEvmChain(chain: ChainId): chain is EvmChain {
  return Object.hasOwn(EVM_CHAIN_IDS, chain);
}

/** 20-byte hex address; checksums are the wallet book's business, the RPC accepts any case. */
export function isHexAddress(value: string | undefined): value is Hex {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value);
}
