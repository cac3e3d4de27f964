import { ERC20_ABI, MULTICALL3_ABI } from './evm-abi.js';
import type { Hex } from './evm-chains.js';
import type { RpcAnswer, RpcCall } from './evm-rpc.js';

/** viem's module, loaded lazily by the reader and handed down. */
export type Viem = typeof import('viem/utils');

/** One value the reader needs from the chain; balance requests map onto these (deduplicated). */
export type EvmRead = { kind: 'native'; holder: Hex } | { kind: 'balanceOf'; token: Hex; holder: Hex } | { kind: 'decimals'; token: Hex };

/** A read's value, or why there is none. */
export type ReadOutcome = { ok: true; value: bigint } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };

/** A stable key so that the same read asked twice is sent once. */
export function readKey(read: EvmRead): string {
  switch (read.kind) {
    case 'native':
      return `native:${read.holder.toLowerCase()}`;
    case 'balanceOf':
      return `balanceOf:${read.token.toLowerCase()}:${read.holder.toLowerCase()}`;
    case 'decimals':
      return `decimals:${read.token.toLowerCase()}`;
  }
}

/** What the read names in a reason. */
export function describeRead(read: EvmRead): string {
  return read.kind === 'native' ? `native balance of ${read.holder}` : `${read.kind}() of token ${read.token}`;
}

/** A function of the ABIs the reader calls. */
export type AbiFunction = (typeof ERC20_ABI)[number] | (typeof MULTICALL3_ABI)[number];

const selectors = new Map<AbiFunction, Hex>();

/**
 * What viem's encodeFunctionData returns for `fn`, with the selector hashed once per process:
 * encodeFunctionData hashes the signature (keccak-256) on every call, and a read encodes a few
 * hundred calls. The arguments are encoded, and checked, by the same viem function it uses.
 */
export function encodeCall(viem: Viem, fn: AbiFunction, args: readonly unknown[]): Hex {
  let selector = selectors.get(fn);
  if (selector === undefined) selectors.set(fn, (selector = viem.toFunctionSelector(fn)));
  return viem.concatHex([selector, viem.encodeAbiParameters(fn.inputs, args as never)]);
}

const [BALANCE_OF, DECIMALS] = ERC20_ABI;

/** The contract call behind an ERC-20 read (native reads have none outside Multicall3). */
export function tokenCallData(viem: Viem, read: Exclude<EvmRead, { kind: 'native' }>): Hex {
  return read.kind === 'balanceOf' ? encodeCall(viem, BALANCE_OF, [read.holder]) : encodeCall(viem, DECIMALS, []);
}

/**
 * Decodes what a token call returned. Empty return data means nothing answered the call: on an
 * EVM chain a call to an address without code succeeds and returns nothing.
 */
export function decodeTokenResult(viem: Viem, read: Exclude<EvmRead, { kind: 'native' }>, data: Hex, host: string): ReadOutcome {
  if (data === '0x') {
    return { ok: false, kind: 'bad-response', reason: `${host}: ${describeRead(read)} returned no data (no contract at that address on this chain?)` };
  }
  try {
    const value =
      read.kind === 'balanceOf'
        ? viem.decodeFunctionResult({ abi: ERC20_ABI, functionName: 'balanceOf', data })
        : BigInt(viem.decodeFunctionResult({ abi: ERC20_ABI, functionName: 'decimals', data }));
    return { ok: true, value };
  } catch {
    return { ok: false, kind: 'bad-response', reason: `${host}: ${describeRead(read)} returned data that is not a uint (${(data.length - 2) / 2} bytes)` };
  }
}

/** The plain JSON-RPC call for a read, used where Multicall3 is not deployed. */
export function directCall(viem: Viem, read: EvmRead): RpcCall {
  if (read.kind === 'native') return { method: 'eth_getBalance', params: [read.holder, 'latest'] };
  return { method: 'eth_call', params: [{ to: read.token, data: tokenCallData(viem, read) }, 'latest'] };
}

const QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const DATA = /^0x([0-9a-fA-F]{2})*$/;

/** Turns the answer to a directCall into the read's value. */
export function decodeDirect(viem: Viem, read: EvmRead, answer: RpcAnswer, host: string): ReadOutcome {
  if (!answer.ok) {
    const reason = answer.rpcError ? `${host}: ${describeRead(read)} failed: ${answer.rpcError}` : `${answer.reason} (${describeRead(read)})`;
    return { ok: false, kind: answer.kind, reason };
  }
  if (read.kind === 'native') {
    if (typeof answer.result === 'string' && QUANTITY.test(answer.result)) return { ok: true, value: BigInt(answer.result) };
    return { ok: false, kind: 'bad-response', reason: `${host}: eth_getBalance returned something other than a hex quantity` };
  }
  if (typeof answer.result !== 'string' || !DATA.test(answer.result)) {
    return { ok: false, kind: 'bad-response', reason: `${host}: eth_call returned something other than hex data` };
  }
  return decodeTokenResult(viem, read, answer.result as Hex, host);
}

/** Parses an eth_chainId answer; undefined when it is not a hex quantity. */
export function parseChainId(answer: RpcAnswer): number | undefined {
  if (!answer.ok || typeof answer.result !== 'string' || !QUANTITY.test(answer.result)) return undefined;
  return Number(BigInt(answer.result));
}

/** True when an eth_getCode answer shows deployed code. */
export function hasCode(answer: RpcAnswer): boolean {
  return answer.ok && typeof answer.result === 'string' && DATA.test(answer.result) && answer.result.length > 2;
}
