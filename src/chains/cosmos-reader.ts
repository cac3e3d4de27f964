import { cosmosResult } from './cosmos-result.js';
import type { HttpPolicy } from '../net/http-client.js';
import { httpJson } from '../net/http-client.js';
import { readPolicy } from './json-rpc.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

/** Bank pages followed at most per address; an LCD that keeps handing out keys is not trusted further. */
const MAX_PAGES = 50;

type Read<T> = { ok: true; value: T } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };
type Amounts = Map<string, bigint>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const bad = (reason: string): Read<never> => ({ ok: false, kind: 'bad-response', reason });

/** A DecCoin amount ("123.456000000000000000") truncated toward zero to whole base units, exactly. */
export function truncateDecCoin(amount: string): bigint | undefined {
  const match = /^(\d+)(?:\.\d+)?$/.exec(amount);
  return match ? BigInt(match[1]) : undefined;
}

/** Adds `{denom, amount}` coins to `into`; undefined when a coin is malformed. */
function addCoins(coins: unknown, into: Amounts, parse: (amount: string) => bigint | undefined): Amounts | undefined {
  if (!Array.isArray(coins)) return undefined;
  for (const coin of coins) {
    if (!isRecord(coin) || typeof coin.denom !== 'string' || typeof coin.amount !== 'string') return undefined;
    const value = parse(coin.amount);
    if (value === undefined || into.has(coin.denom)) return undefined;
    into.set(coin.denom, value);
  }
  return into;
}

async function readBank(lcd: string, address: string, policy: HttpPolicy, signal?: AbortSignal): Promise<Read<Amounts>> {
  const amounts: Amounts = new Map();
  const seen = new Set<string>();
  let key: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = key === undefined ? '' : `?pagination.key=${encodeURIComponent(key)}`;
    const reply = await httpJson(`${lcd}/cosmos/bank/v1beta1/balances/${encodeURIComponent(address)}${query}`, { signal }, policy);
    if (!reply.ok) return reply;
    const body = reply.value;
    if (!isRecord(body) || !addCoins(body.balances, amounts, (a) => (/^\d+$/.test(a) ? BigInt(a) : undefined))) {
      return bad(`malformed bank balances for ${address}`);
    }
    const next = isRecord(body.pagination) ? body.pagination.next_key : undefined;
    if (next === undefined || next === null || next === '') return { ok: true, value: amounts };
    if (typeof next !== 'string' || seen.has(next)) return bad(`bank balances for ${address}: unusable pagination key`);
    seen.add(next);
    key = next;
  }
  return bad(`bank balances for ${address}: more than ${MAX_PAGES} pages`);
}

async function readRewards(lcd: string, address: string, policy: HttpPolicy, signal?: AbortSignal): Promise<Read<Amounts>> {
  const reply = await httpJson(`${lcd}/cosmos/distribution/v1beta1/delegators/${encodeURIComponent(address)}/rewards`, { signal }, policy);
  if (!reply.ok) return reply;
  const total = isRecord(reply.value) ? addCoins(reply.value.total, new Map(), truncateDecCoin) : undefined;
  return total ? { ok: true, value: total } : bad(`malformed distribution rewards for ${address}`);
}

/**
 * Akash balances through a Cosmos LCD: bank balances plus pending staking rewards. The REST API has
 * no batch call, so each distinct address costs one balances request (more only when paginated)
 * and one rewards request; requests scale with addresses, never with tokens. Addresses are read
 * concurrently; the HTTP client caps how many are in flight at the endpoint.
 */
export const cosmosReader: ChainReader = {
  chains: ['akash'],
  async readBalances(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]> {
    const policy = readPolicy(options);
    const lcd = options.endpoint.replace(/\/+$/, '');
    const addresses = [...new Set(requests.filter((r) => r.chain === 'akash').map((r) => r.readAddress))];
    const reads = new Map(
      await Promise.all(
        addresses.map(async (address) => {
          const [bank, rewards] = await Promise.all([readBank(lcd, address, policy, options.signal), readRewards(lcd, address, policy, options.signal)]);
          return [address, { bank, rewards }] as const;
        }),
      ),
    );

    return requests.map((request): BalanceResult => {
      if (request.chain !== 'akash') return { request, status: 'wrong-chain', reason: `the Cosmos reader cannot read chain ${request.chain}` };
      return cosmosResult(request, reads.get(request.readAddress)!);
    });
  },
};
