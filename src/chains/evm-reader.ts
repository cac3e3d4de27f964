import { readPolicy, type HttpPolicy } from '../net/http-client.js';
import { EVM_CHAIN_IDS, MULTICALL3_ADDRESS, isEvmChain, isHexAddress } from './evm-chains.js';
import { decodeMulticall, planMulticall } from './evm-multicall.js';
import { decodeDirect, directCall, hasCode, parseChainId, readKey, type EvmRead, type ReadOutcome } from './evm-reads.js';
import { rpcBatch, type RpcCall } from './evm-rpc.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

/**
 * Whether Multicall3 was found at each endpoint the last time it was probed. The probe is repeated
 * in every first batch (it costs no round trip); this only decides how that first batch reads.
 */
const multicallSeen = new Map<string, boolean>();

/** What one request needs: the index of its balance read and, for tokens, of its decimals read. */
interface Want {
  balance: number;
  decimals?: number;
}

type Failure = Extract<BalanceResult, { reason: string }>;

function failure(request: BalanceRequest, status: Failure['status'], reason: string): Failure {
  return { request, status, reason };
}

function policyFrom(options: ReadOptions): HttpPolicy {
  return readPolicy(options);
}

/** Turns requests into deduplicated reads; requests that cannot be read at all are answered at once. */
function plan(requests: BalanceRequest[], results: (BalanceResult | undefined)[]) {
  const reads: EvmRead[] = [];
  const byKey = new Map<string, number>();
  const add = (read: EvmRead): number => {
    const key = readKey(read);
    let index = byKey.get(key);
    if (index === undefined) {
      index = reads.push(read) - 1;
      byKey.set(key, index);
    }
    return index;
  };
  const wants: (Want | undefined)[] = requests.map((request, i) => {
    const { chain, readAddress: holder, token } = request;
    if (!isEvmChain(chain)) {
      results[i] = failure(request, 'bad-response', `${chain} is not an EVM chain`);
    } else if (!isHexAddress(holder)) {
      results[i] = failure(request, 'bad-response', `${JSON.stringify(holder)} is not a 0x address`);
    } else if (token.native) {
      return { balance: add({ kind: 'native', holder }) };
    } else if (!isHexAddress(token.mint)) {
      results[i] = failure(request, 'bad-response', `token ${token.symbol} has no valid contract address`);
    } else {
      return { balance: add({ kind: 'balanceOf', token: token.mint, holder }), decimals: add({ kind: 'decimals', token: token.mint }) };
    }
    return undefined;
  });
  return { reads, wants };
}

function settle(request: BalanceRequest, want: Want, outcomes: (ReadOutcome | undefined)[], host: string): BalanceResult {
  const balance = outcomes[want.balance];
  if (!balance) return failure(request, 'bad-response', `${host}: no answer for this balance`);
  if (!balance.ok) return failure(request, balance.kind, balance.reason);
  const decimals = want.decimals === undefined ? undefined : outcomes[want.decimals];
  // decimals() is optional in ERC-20, so only a contradicting answer counts: a wrong contract is
  // worse than no number.
  if (decimals?.ok && decimals.value !== BigInt(request.token.decimals)) {
    return failure(
      request,
      'bad-response',
      `${host}: decimals() of ${request.token.symbol} at ${request.token.mint} is ${decimals.value}, expected ${request.token.decimals} (wrong contract?)`,
    );
  }
  return { request, status: 'ok', raw: balance.value, decimals: request.token.decimals };
}

async function read(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]> {
  const results: (BalanceResult | undefined)[] = requests.map(() => undefined);
  let host: string;
  try {
    host = new URL(options.endpoint).host;
  } catch {
    return requests.map((request) => failure(request, 'bad-response', 'the RPC endpoint is not a valid URL'));
  }
  const { reads, wants } = plan(requests, results);
  if (reads.length === 0) return results as BalanceResult[];

  const viem = await import('viem/utils');
  const policy = policyFrom(options);
  const { endpoint, signal } = options;
  // First batch: the chain id and Multicall3 probes ride with the reads themselves, assuming
  // Multicall3 unless this endpoint was seen without it.
  const multicall = multicallSeen.get(endpoint) === false ? undefined : planMulticall(viem, reads);
  const readCalls = multicall ? multicall.calls : reads.map((r) => directCall(viem, r));
  const probes: RpcCall[] = [
    { method: 'eth_chainId', params: [] },
    { method: 'eth_getCode', params: [MULTICALL3_ADDRESS, 'latest'] },
  ];
  const [chainAnswer, codeAnswer, ...readAnswers] = await rpcBatch(endpoint, [...probes, ...readCalls], policy, signal);

  const actual = parseChainId(chainAnswer);
  const pending: number[] = [];
  wants.forEach((want, i) => {
    if (!want) return;
    const request = requests[i];
    const expected = EVM_CHAIN_IDS[request.chain as keyof typeof EVM_CHAIN_IDS];
    if (actual === undefined) {
      results[i] = chainAnswer.ok
        ? failure(request, 'bad-response', `${host}: eth_chainId returned something other than a hex quantity`)
        : failure(request, chainAnswer.kind, chainAnswer.reason);
    } else if (actual !== expected) {
      results[i] = failure(request, 'wrong-chain', `${host} serves chain id ${actual}, expected ${expected} (${request.chain})`);
    } else {
      pending.push(i);
    }
  });
  if (pending.length === 0) return results as BalanceResult[];

  const deployed = hasCode(codeAnswer);
  multicallSeen.set(endpoint, deployed);
  let outcomes: (ReadOutcome | undefined)[];
  if (!multicall) outcomes = reads.map((r, i) => decodeDirect(viem, r, readAnswers[i], host));
  else if (deployed) outcomes = decodeMulticall(viem, reads, multicall, readAnswers, host);
  else outcomes = reads.map(() => undefined);

  // Second batch, only when Multicall3 is missing or failed as a whole: plain calls for what is left.
  const needed = new Set(pending.flatMap((i) => [wants[i]!.balance, wants[i]!.decimals ?? -1]));
  const missing = [...needed].filter((index) => index >= 0 && outcomes[index] === undefined);
  if (missing.length > 0) {
    const answers = await rpcBatch(
      endpoint,
      missing.map((index) => directCall(viem, reads[index])),
      policy,
      signal,
    );
    missing.forEach((index, k) => (outcomes[index] = decodeDirect(viem, reads[index], answers[k], host)));
  }
  for (const i of pending) results[i] = settle(requests[i], wants[i]!, outcomes, host);
  return results as BalanceResult[];
}

/**
 * Balances on Ethereum, IoTeX and peaq. Per call: one JSON-RPC batch carries the chain id check,
 * the Multicall3 probe and every read (aggregate3 chunks, or plain eth_getBalance/eth_call where
 * Multicall3 is absent), plus a second batch only when Multicall3 turns out to be missing or
 * broken, so the number of HTTP requests does not grow with the number of wallets.
 */
export const evmReader: ChainReader = {
  chains: ['ethereum', 'iotex', 'peaq'],
  async readBalances(requests, options) {
    try {
      return await read(requests, options);
    } catch (error) {
      // Defensive: the parts above return failures as values, so this means a bug, not a bad endpoint.
      const reason = `EVM reader failed: ${error instanceof Error ? error.message : String(error)}`;
      return requests.map((request) => failure(request, 'bad-response', reason));
    }
  },
};
