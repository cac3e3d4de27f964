import { getAddress, keccak256, stringToHex, type Hex } from 'viem';
import type { BalanceRequest } from '../../../src/chains/types.js';
import type { ChainId, TokenSpec } from '../../../src/plugin-api/types.js';

/** The real token addresses (mainnet), where tests place the test ERC-20's code. */
export const STORJ_ADDRESS: Hex = '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC';
export const RNDR_ADDRESS: Hex = '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24';

export const ETH: TokenSpec = { symbol: 'ETH', chain: 'ethereum', native: true, decimals: 18 };
export const STORJ: TokenSpec = { symbol: 'STORJ', chain: 'ethereum', mint: STORJ_ADDRESS, decimals: 8 };
export const RNDR: TokenSpec = { symbol: 'RNDR', chain: 'ethereum', mint: RNDR_ADDRESS, decimals: 18, legacy: true };
export const IOTX: TokenSpec = { symbol: 'IOTX', chain: 'iotex', native: true, decimals: 18 };
export const PEAQ: TokenSpec = { symbol: 'PEAQ', chain: 'peaq', native: true, decimals: 18 };

/** A deterministic, distinct wallet address per index (no key behind it; reads need none). */
export function walletAddress(index: number): Hex {
  return getAddress(`0x${keccak256(stringToHex(`depin test wallet ${index}`)).slice(26)}`);
}

/** A balance request as the earnings command builds it for an 0x address. */
export function balanceRequest(chain: ChainId, holder: Hex, token: TokenSpec): BalanceRequest {
  return { chain, address: holder, readAddress: holder, token: { ...token, chain } };
}
