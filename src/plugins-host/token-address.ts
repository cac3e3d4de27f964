import { base58 } from '@scure/base';
import type { ChainId } from '../plugin-api/index.js';

/** Decimals of each chain's native coin; a plugin that declares other decimals would misreport balances. */
export const NATIVE_DECIMALS: Partial<Record<ChainId, number>> = {
  solana: 9,
  ethereum: 18,
  iotex: 18,
  peaq: 18,
  filecoin: 18,
  arweave: 12,
};

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// Cosmos SDK denom grammar (x/bank): a letter, then 2–127 of letters, digits and / : . _ -
const COSMOS_DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;

function isSolanaMint(mint: string): boolean {
  try {
    return base58.decode(mint).length === 32;
  } catch {
    return false;
  }
}

/**
 * Why a token's mint/contract/denom cannot be read on its chain, or undefined when its shape fits.
 * Shape only: whether the account exists is the chain reader's business.
 */
export function tokenAddressProblem(chain: ChainId, mint: string): string | undefined {
  switch (chain) {
    case 'solana':
      return isSolanaMint(mint) ? undefined : 'expected a base58 Solana mint of 32 bytes';
    case 'ethereum':
    case 'iotex':
    case 'peaq':
    case 'filecoin':
      return EVM_ADDRESS.test(mint) ? undefined : 'expected an 0x-prefixed 20-byte contract address';
    case 'akash':
      return COSMOS_DENOM.test(mint) ? undefined : 'expected a Cosmos bank denom such as uakt';
    case 'arweave':
      return 'arweave has no token contracts; declare AR as native';
  }
}
