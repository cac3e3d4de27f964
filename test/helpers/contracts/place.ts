import { encodeAbiParameters, keccak256, numberToHex, pad, type Hex } from 'viem';
import { compiled, type ContractName } from './compile.js';

/** The part of a running node these helpers need: a raw JSON-RPC call. */
export interface RpcNode {
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

/** Multicall3's canonical address (the same on nearly every EVM chain). */
export const MULTICALL3: Hex = '0xcA11bde05977b3631167028862bE2a173976CA11';

function slotOf(contract: ContractName, variable: string): bigint {
  const entry = compiled(contract).storage.get(variable);
  if (!entry) throw new Error(`${contract} has no state variable ${variable}`);
  if (entry.offset !== 0) throw new Error(`${contract}.${variable} is packed; these helpers write whole slots`);
  return entry.slot;
}

/** Storage slot of `mapping(address => …)` at `slot` for `key`: keccak256(abi.encode(key, slot)). */
export function mappingSlot(key: Hex, slot: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [key, slot]));
}

/** A string of up to 31 bytes as Solidity stores it in one slot: data left-aligned, length × 2 last. */
export function shortStringWord(value: string): Hex {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > 31) throw new Error(`"${value}" is too long for a one-slot string`);
  const word = new Uint8Array(32);
  word.set(bytes);
  word[31] = bytes.length * 2;
  return `0x${Buffer.from(word).toString('hex')}`;
}

const word = (value: bigint): Hex => pad(numberToHex(value), { size: 32 });

async function setSlot(node: RpcNode, address: Hex, slot: bigint | Hex, value: Hex): Promise<void> {
  await node.rpc('anvil_setStorageAt', [address, typeof slot === 'bigint' ? word(slot) : slot, value]);
}

/** Places one of the test contracts' runtime code at an address. */
export async function placeContract(node: RpcNode, address: Hex, name: ContractName): Promise<void> {
  await node.rpc('anvil_setCode', [address, compiled(name).runtime]);
}

/** Places the Multicall3-compatible contract at the canonical Multicall3 address. */
export async function placeMulticall(node: RpcNode): Promise<void> {
  await placeContract(node, MULTICALL3, 'BatchReader');
}

/** Sets one holder's token balance by writing the balanceOf mapping slot. */
export async function setTokenBalance(node: RpcNode, token: Hex, holder: Hex, amount: bigint): Promise<void> {
  await setSlot(node, token, mappingSlot(holder, slotOf('TestToken', 'balanceOf')), word(amount));
}

export interface TokenState {
  name: string;
  symbol: string;
  decimals: number;
  balances: [holder: Hex, amount: bigint][];
}

/** Places the test ERC-20 at `address` (a real token's address) with the given metadata and balances. */
export async function placeToken(node: RpcNode, address: Hex, state: TokenState): Promise<void> {
  await placeContract(node, address, 'TestToken');
  await setSlot(node, address, slotOf('TestToken', 'decimals'), word(BigInt(state.decimals)));
  await setSlot(node, address, slotOf('TestToken', 'name'), shortStringWord(state.name));
  await setSlot(node, address, slotOf('TestToken', 'symbol'), shortStringWord(state.symbol));
  let supply = 0n;
  for (const [holder, amount] of state.balances) {
    await setTokenBalance(node, address, holder, amount);
    supply += amount;
  }
  // The supply only has to be consistent with the balances set here.
  await setSlot(node, address, slotOf('TestToken', 'totalSupply'), word(supply & ((1n << 256n) - 1n)));
}

/** Sets an account's native balance (wei). */
export async function setNativeBalance(node: RpcNode, holder: Hex, amount: bigint): Promise<void> {
  await node.rpc('anvil_setBalance', [holder, numberToHex(amount)]);
}
