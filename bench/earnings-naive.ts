import { DEFAULT_POLICY } from '../src/net/http-client.js';
import { Limiter } from '../src/net/limiter.js';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import type { Expected } from './earnings-world.js';

/** Requests in flight at once per endpoint: the same cap our readers' HTTP client uses by default (config http.concurrency). */
export const NAIVE_CONCURRENCY = DEFAULT_POLICY.concurrency;

/** The naive reader's answer for one request, and when its chain finished (ms after the start). */
export interface NaiveRead {
  results: Expected[];
  chainMs: Partial<Record<ChainId, number>>;
}

const EVM_CHAINS: ChainId[] = ['ethereum', 'iotex', 'peaq'];

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  if (!response.ok) throw new Error(`${method} at ${url}: HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new Error(`${method} at ${url}: ${body.error.message}`);
  return body.result;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.json();
}

async function solanaBalance(url: string, request: BalanceRequest): Promise<Expected> {
  if (request.token.native) {
    const result = (await rpc(url, 'getBalance', [request.readAddress, { commitment: 'confirmed' }])) as { value: number };
    return { raw: BigInt(result.value) };
  }
  const result = (await rpc(url, 'getTokenAccountsByOwner', [
    request.readAddress,
    { mint: request.token.mint },
    { encoding: 'jsonParsed', commitment: 'confirmed' },
  ])) as {
    value: { account: { data: { parsed: { info: { tokenAmount: { amount: string } } } } } }[];
  };
  return { raw: result.value.reduce((sum, entry) => sum + BigInt(entry.account.data.parsed.info.tokenAmount.amount), 0n) };
}

async function evmBalance(url: string, request: BalanceRequest): Promise<Expected> {
  if (request.token.native) return { raw: BigInt((await rpc(url, 'eth_getBalance', [request.readAddress, 'latest'])) as string) };
  // balanceOf(address): selector 0x70a08231, then the holder left-padded to 32 bytes.
  const data = `0x70a08231${request.readAddress.slice(2).toLowerCase().padStart(64, '0')}`;
  return { raw: BigInt((await rpc(url, 'eth_call', [{ to: request.token.mint, data }, 'latest'])) as string) };
}

type Coins = { denom: string; amount: string }[];

/** Bank balances and rewards of one Akash address: the LCD has no per-denom batch, so a naive reader asks per address too. */
async function akashAccount(lcd: string, address: string, limit: Limiter): Promise<{ bank: Coins; rewards: Coins }> {
  const [bank, rewards] = await Promise.all([
    limit.run(() => getJson(`${lcd}/cosmos/bank/v1beta1/balances/${address}`)) as Promise<{ balances: Coins }>,
    limit.run(() => getJson(`${lcd}/cosmos/distribution/v1beta1/delegators/${address}/rewards`)) as Promise<{ total: Coins }>,
  ]);
  return { bank: bank.balances, rewards: rewards.total };
}

/**
 * Reads every balance the obvious way: one HTTP request per (address, token), with plain fetch and no
 * batching, each endpoint capped at NAIVE_CONCURRENCY requests in flight. Chains run concurrently.
 * Akash goes to an LCD (`endpoints.akash` must be one), two GETs per address, as a plain tool would.
 * Throws on any failure: a benchmark must not compare against a wrong answer.
 */
export async function naiveRead(requests: BalanceRequest[], endpoints: Record<ChainId, string>): Promise<NaiveRead> {
  const limiters = new Map<ChainId, Limiter>();
  const limiterOf = (chain: ChainId) => limiters.get(chain) ?? limiters.set(chain, new Limiter(NAIVE_CONCURRENCY)).get(chain)!;
  const accounts = new Map<string, ReturnType<typeof akashAccount>>();
  const start = performance.now();
  const chainMs: Partial<Record<ChainId, number>> = {};

  const readOne = async (request: BalanceRequest): Promise<Expected> => {
    const url = endpoints[request.chain];
    const limit = limiterOf(request.chain);
    if (request.chain === 'solana') return limit.run(() => solanaBalance(url, request));
    if (EVM_CHAINS.includes(request.chain)) return limit.run(() => evmBalance(url, request));
    if (request.chain === 'filecoin')
      return limit.run(async () => ({ raw: BigInt((await rpc(url, 'Filecoin.WalletBalance', [request.readAddress])) as string) }));
    if (request.chain === 'arweave') {
      return limit.run(async () => {
        const response = await fetch(`${url}/wallet/${request.readAddress}/balance`);
        if (!response.ok) throw new Error(`arweave balance of ${request.readAddress}: HTTP ${response.status}`);
        return { raw: BigInt((await response.text()).trim()) };
      });
    }
    if (request.chain === 'akash') {
      let account = accounts.get(request.readAddress);
      if (!account) accounts.set(request.readAddress, (account = akashAccount(url, request.readAddress, limit)));
      const { bank, rewards } = await account;
      const amount = (coins: Coins) => coins.find((c) => c.denom === request.token.mint)?.amount.split('.')[0] ?? '0';
      return { raw: BigInt(amount(bank)), rewards: BigInt(amount(rewards)) };
    }
    throw new Error(`the naive reader has no route for ${request.chain}`);
  };

  const byChain = new Map<ChainId, number[]>();
  requests.forEach((request, i) => byChain.set(request.chain, [...(byChain.get(request.chain) ?? []), i]));
  const results: Expected[] = new Array(requests.length);
  await Promise.all(
    [...byChain].map(async ([chain, indexes]) => {
      await Promise.all(indexes.map(async (i) => (results[i] = await readOne(requests[i]))));
      chainMs[chain] = performance.now() - start;
    }),
  );
  return { results, chainMs };
}
