/** Chains whose balances depin can read. */
export const CHAIN_IDS = ['solana', 'ethereum', 'iotex', 'peaq', 'filecoin', 'akash', 'arweave'] as const;
export type ChainId = (typeof CHAIN_IDS)[number];
