import { jsonRpcBatch, readPolicy, type JsonRpcCall, type JsonRpcResult } from './json-rpc.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

/** Environment variable holding a Lotus API token, for nodes that require one on read methods. */
export const LOTUS_TOKEN_ENV = 'DEPIN_LOTUS_TOKEN';

const HEAD = 'Filecoin.ChainHead';
const MINER_BALANCE = 'Filecoin.StateMinerAvailableBalance';

const callKey = (call: JsonRpcCall) => `${call.method} ${JSON.stringify(call.params)}`;

function callFor(request: BalanceRequest): JsonRpcCall {
  return request.minerId ? { method: MINER_BALANCE, params: [request.minerId, null] } : { method: 'Filecoin.WalletBalance', params: [request.readAddress] };
}

function tipSetKeyOf(head: JsonRpcResult | undefined): unknown[] | undefined {
  if (head?.status !== 'ok' || typeof head.value !== 'object' || head.value === null) return undefined;
  const cids = (head.value as { Cids?: unknown }).Cids;
  return Array.isArray(cids) && cids.length > 0 ? cids : undefined;
}

function toBalance(request: BalanceRequest, result: JsonRpcResult): BalanceResult {
  if (result.status !== 'ok') return { request, status: result.status, reason: result.reason };
  // Lotus encodes big integers as decimal strings of attoFIL; anything else is not a balance.
  if (typeof result.value !== 'string' || !/^\d+$/.test(result.value)) {
    return { request, status: 'bad-response', reason: `expected an attoFIL decimal string, got ${JSON.stringify(result.value)?.slice(0, 60)}` };
  }
  return { request, status: 'ok', raw: BigInt(result.value), decimals: request.token.decimals };
}

/**
 * Filecoin balances through Lotus JSON-RPC (`/rpc/v1`): every wallet and miner in one batch, so the
 * number of HTTP requests does not grow with the number of wallets.
 */
export const filecoinReader: ChainReader = {
  chains: ['filecoin'],
  async readBalances(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]> {
    const policy = readPolicy(options);
    const rpc = { bearerToken: process.env[LOTUS_TOKEN_ENV] || undefined, signal: options.signal };

    const calls: JsonRpcCall[] = [];
    const indexOf = new Map<string, number>();
    const callIndex = requests.map((request) => {
      if (request.chain !== 'filecoin') return -1;
      const call = callFor(request);
      const key = callKey(call);
      if (!indexOf.has(key)) {
        indexOf.set(key, calls.length);
        calls.push(call);
      }
      return indexOf.get(key)!;
    });
    const minerCalls = calls.flatMap((call, index) => (call.method === MINER_BALANCE ? [index] : []));
    // The head rides along in the same batch, so the fallback below costs one request, not two.
    const headIndex = minerCalls.length > 0 ? calls.push({ method: HEAD, params: [] }) - 1 : -1;
    const results = await jsonRpcBatch(options.endpoint, calls, policy, rpc);

    // A null TipSetKey meaning "the head" is standard Lotus behaviour but not confirmed by its docs.
    // A node that rejects it is asked again with the head's own key, from Filecoin.ChainHead.Cids.
    const rejected = minerCalls.filter((index) => results[index]?.rpcError);
    const tipSetKey = tipSetKeyOf(results[headIndex]);
    if (rejected.length > 0 && tipSetKey) {
      const retries = rejected.map((index) => ({ method: MINER_BALANCE, params: [calls[index].params[0], tipSetKey] }));
      const again = await jsonRpcBatch(options.endpoint, retries, policy, rpc);
      rejected.forEach((index, i) => {
        results[index] = again[i];
      });
    }

    return requests.map((request, i) =>
      callIndex[i] < 0
        ? { request, status: 'wrong-chain', reason: `the Filecoin reader cannot read chain ${request.chain}` }
        : toBalance(request, results[callIndex[i]]),
    );
  },
};
