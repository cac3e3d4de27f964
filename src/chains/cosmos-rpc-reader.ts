import { cosmosResult } from './cosmos-result.js';
import type { HttpPolicy } from '../net/http-client.js';
import { jsonRpcBatch, readPolicy, type JsonRpcCall, type JsonRpcResult } from './json-rpc.js';
import { lenValue, ProtobufError, ProtoWriter, readFields, stringValue, varintValue } from './protobuf-lite.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

/** gRPC query routes the Cosmos SDK serves through CometBFT's `abci_query`. */
export const ALL_BALANCES_PATH = '/cosmos.bank.v1beta1.Query/AllBalances';
export const TOTAL_REWARDS_PATH = '/cosmos.distribution.v1beta1.Query/DelegationTotalRewards';

/** Bank pages followed at most per address; a node that keeps handing out keys is not trusted further. */
const MAX_PAGES = 50;
/**
 * CometBFT has defaulted `rpc.max_request_batch_size` to 10 since v0.38.8 (config/config.go) and answers
 * a larger batch with one error object. A refused batch is sent again in slices of this size.
 */
const FALLBACK_BATCH_SIZE = 10;
/** LegacyDec precision: a DecCoin amount on the wire is its value times 10^18 (see truncateLegacyDec). */
const DEC_SCALE = 10n ** 18n;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * CometBFT answers a batch holding one call with a bare object, not an array (writeRPCResponseHTTP
 * in rpc/jsonrpc/server/http_server.go), so a lone call travels with this cheap one.
 */
const PAD_CALL: JsonRpcCall = { method: 'health', params: [] };

/** A Coin or DecCoin as it appears in a response, amount still as sent. */
export interface WireCoin {
  denom: string;
  amount: string;
}

/** One page of QueryAllBalancesResponse. `nextKey` is empty on the last page. */
export interface BalancesPage {
  balances: WireCoin[];
  nextKey: Uint8Array;
  total: bigint;
}

type Read<T> = { ok: true; value: T } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };
type Amounts = Map<string, bigint>;
interface AddressState {
  bank: Read<Amounts>;
  rewards: Read<Amounts>;
  nextKey?: Uint8Array;
  seenKeys: Set<string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const bad = (reason: string): Read<never> => ({ ok: false, kind: 'bad-response', reason });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** QueryAllBalancesRequest { string address = 1; PageRequest pagination = 2 { bytes key = 1 } }. */
export function encodeAllBalancesRequest(address: string, pageKey?: Uint8Array): Uint8Array {
  const writer = new ProtoWriter().string(1, address);
  if (pageKey && pageKey.length > 0) writer.message(2, new ProtoWriter().bytes(1, pageKey).finish());
  return writer.finish();
}

/** QueryDelegationTotalRewardsRequest { string delegator_address = 1 }. */
export function encodeTotalRewardsRequest(delegator: string): Uint8Array {
  return new ProtoWriter().string(1, delegator).finish();
}

function decodeCoin(bytes: Uint8Array): WireCoin {
  const coin: WireCoin = { denom: '', amount: '' };
  for (const field of readFields(bytes)) {
    if (field.field === 1) coin.denom = stringValue(field);
    else if (field.field === 2) coin.amount = stringValue(field);
  }
  return coin;
}

/** QueryAllBalancesResponse { repeated Coin balances = 1; PageResponse pagination = 2 }. Throws ProtobufError. */
export function decodeAllBalancesResponse(bytes: Uint8Array): BalancesPage {
  const page: BalancesPage = { balances: [], nextKey: new Uint8Array(0), total: 0n };
  for (const field of readFields(bytes)) {
    if (field.field === 1) page.balances.push(decodeCoin(lenValue(field)));
    else if (field.field === 2) {
      // PageResponse { bytes next_key = 1; uint64 total = 2 }
      for (const inner of readFields(lenValue(field))) {
        if (inner.field === 1) page.nextKey = lenValue(inner);
        else if (inner.field === 2) page.total = varintValue(inner);
      }
    }
  }
  return page;
}

/**
 * The `total` DecCoins of QueryDelegationTotalRewardsResponse { repeated DelegationDelegatorReward
 * rewards = 1; repeated DecCoin total = 2 }. Throws ProtobufError.
 */
export function decodeTotalRewardsResponse(bytes: Uint8Array): WireCoin[] {
  const total: WireCoin[] = [];
  for (const field of readFields(bytes)) {
    if (field.field === 1) lenValue(field);
    else if (field.field === 2) total.push(decodeCoin(lenValue(field)));
  }
  return total;
}

/**
 * A DecCoin amount from the protobuf encoding, truncated toward zero to whole base units. DecCoin.amount
 * is a `(gogoproto.customtype) = "Dec"` string (cosmos-sdk proto/cosmos/base/v1beta1/coin.proto), and
 * LegacyDec.Marshal writes its internal big.Int, the value scaled by 10^LegacyPrecision (18), with
 * `MarshalText` (cosmos-sdk math/legacy_dec.go): 1.5 uakt travels as "1500000000000000000", with no
 * decimal point. Unlike the LCD's JSON, which prints "1.500000000000000000".
 */
export function truncateLegacyDec(amount: string): bigint | undefined {
  return /^\d+$/.test(amount) ? BigInt(amount) / DEC_SCALE : undefined;
}

const parseBaseUnits = (amount: string) => (/^\d+$/.test(amount) ? BigInt(amount) : undefined);

function addCoins(coins: WireCoin[], into: Amounts, parse: (amount: string) => bigint | undefined): string | undefined {
  for (const coin of coins) {
    const value = parse(coin.amount);
    if (value === undefined) return `malformed amount for ${coin.denom || 'a coin without denom'}`;
    if (into.has(coin.denom)) return `${coin.denom} listed twice`;
    into.set(coin.denom, value);
  }
  return undefined;
}

/** The protobuf bytes of one `abci_query` answer, or why there are none. */
function queryValue(result: JsonRpcResult, what: string): Read<Uint8Array> {
  if (result.status !== 'ok') return { ok: false, kind: result.status === 'unreachable' ? 'unreachable' : 'bad-response', reason: result.reason };
  const response = isRecord(result.value) ? result.value.response : undefined;
  if (!isRecord(response)) return bad(`${what}: abci_query answered without a response`);
  // CometBFT's JSON leaves out zero values: no code means 0, no value means an empty message.
  const code = response.code ?? 0;
  if (typeof code !== 'number' || !Number.isInteger(code)) return bad(`${what}: abci_query answered with a malformed code`);
  if (code !== 0) {
    const log = typeof response.log === 'string' ? response.log.slice(0, 200) : '';
    const space = typeof response.codespace === 'string' && response.codespace ? `${response.codespace} ` : '';
    return bad(`${what}: query failed (${space}code ${code})${log ? `: ${log}` : ''}`);
  }
  const value = response.value ?? '';
  if (typeof value !== 'string' || !BASE64.test(value)) return bad(`${what}: abci_query value is not base64`);
  return { ok: true, value: new Uint8Array(Buffer.from(value, 'base64')) };
}

function decoded<T>(bytes: Uint8Array, what: string, decode: (bytes: Uint8Array) => T): Read<T> {
  try {
    return { ok: true, value: decode(bytes) };
  } catch (error) {
    if (error instanceof ProtobufError) return bad(`${what}: malformed protobuf (${error.message})`);
    throw error;
  }
}

function applyBank(state: AddressState, address: string, result: JsonRpcResult): void {
  state.nextKey = undefined;
  const what = `bank balances for ${address}`;
  const bytes = queryValue(result, what);
  if (!bytes.ok) {
    state.bank = bytes;
    return;
  }
  const page = decoded(bytes.value, what, decodeAllBalancesResponse);
  if (!page.ok) {
    state.bank = page;
    return;
  }
  if (!state.bank.ok) return;
  const problem = addCoins(page.value.balances, state.bank.value, parseBaseUnits);
  if (problem) {
    state.bank = bad(`${what}: ${problem}`);
    return;
  }
  if (page.value.nextKey.length === 0) return;
  const key = hex(page.value.nextKey);
  if (state.seenKeys.has(key)) {
    state.bank = bad(`${what}: unusable pagination key`);
    return;
  }
  state.seenKeys.add(key);
  state.nextKey = page.value.nextKey;
}

function applyRewards(state: AddressState, address: string, result: JsonRpcResult): void {
  const what = `distribution rewards for ${address}`;
  const bytes = queryValue(result, what);
  if (!bytes.ok) {
    state.rewards = bytes;
    return;
  }
  const total = decoded(bytes.value, what, decodeTotalRewardsResponse);
  if (!total.ok) {
    state.rewards = total;
    return;
  }
  const amounts: Amounts = new Map();
  const problem = addCoins(total.value, amounts, truncateLegacyDec);
  state.rewards = problem ? bad(`${what}: ${problem}`) : { ok: true, value: amounts };
}

const query = (path: string, data: Uint8Array): JsonRpcCall => ({
  method: 'abci_query',
  // CometBFT takes named params; 64-bit integers travel as strings in its JSON (libs/json).
  params: { path, data: hex(data), height: '0', prove: false } as unknown as unknown[],
});

/** Every call in one batch; a batch the node refuses whole is sent again in slices it accepts. */
async function send(url: string, calls: JsonRpcCall[], policy: HttpPolicy, signal?: AbortSignal): Promise<JsonRpcResult[]> {
  if (calls.length === 0) return [];
  const results = (await jsonRpcBatch(url, calls.length === 1 ? [...calls, PAD_CALL] : calls, policy, { signal })).slice(0, calls.length);
  const refusedWhole = results.every((r) => r.status === 'bad-response' && !r.rpcError);
  if (!refusedWhole || calls.length <= FALLBACK_BATCH_SIZE) return results;
  const slices: JsonRpcCall[][] = [];
  for (let i = 0; i < calls.length; i += FALLBACK_BATCH_SIZE) slices.push(calls.slice(i, i + FALLBACK_BATCH_SIZE));
  return (await Promise.all(slices.map((slice) => send(url, slice, policy, signal)))).flat();
}

async function readAddresses(url: string, addresses: string[], policy: HttpPolicy, signal?: AbortSignal): Promise<Map<string, AddressState>> {
  const states = new Map<string, AddressState>(
    addresses.map((a) => [a, { bank: { ok: true, value: new Map() }, rewards: bad('not read'), seenKeys: new Set() }]),
  );
  const first = await send(
    url,
    addresses.flatMap((a) => [query(ALL_BALANCES_PATH, encodeAllBalancesRequest(a)), query(TOTAL_REWARDS_PATH, encodeTotalRewardsRequest(a))]),
    policy,
    signal,
  );
  addresses.forEach((address, i) => {
    applyBank(states.get(address)!, address, first[2 * i]);
    applyRewards(states.get(address)!, address, first[2 * i + 1]);
  });
  // Every address with another bank page shares one follow-up batch per round.
  for (let page = 1; page < MAX_PAGES; page++) {
    const pending = addresses.filter((a) => states.get(a)!.nextKey);
    if (pending.length === 0) break;
    const next = await send(
      url,
      pending.map((a) => query(ALL_BALANCES_PATH, encodeAllBalancesRequest(a, states.get(a)!.nextKey))),
      policy,
      signal,
    );
    pending.forEach((address, i) => applyBank(states.get(address)!, address, next[i]));
  }
  for (const [address, state] of states) {
    if (state.nextKey) state.bank = bad(`bank balances for ${address}: more than ${MAX_PAGES} pages`);
  }
  return states;
}

function validEndpoint(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Akash balances through a CometBFT RPC node: bank balances plus pending staking rewards, as the
 * LCD reader reports them, but every address's `abci_query` calls travel in one JSON-RPC batch, so
 * one HTTP request serves any number of wallets (one more per round of bank pagination).
 */
export const cosmosRpcReader: ChainReader = {
  chains: ['akash'],
  async readBalances(requests: BalanceRequest[], options: ReadOptions): Promise<BalanceResult[]> {
    const url = validEndpoint(options.endpoint);
    const addresses = [...new Set(requests.filter((r) => r.chain === 'akash').map((r) => r.readAddress))];
    const states = url && addresses.length > 0 ? await readAddresses(url, addresses, readPolicy(options), options.signal) : new Map<string, AddressState>();

    return requests.map((request): BalanceResult => {
      if (request.chain !== 'akash') return { request, status: 'wrong-chain', reason: `the Cosmos RPC reader cannot read chain ${request.chain}` };
      // The endpoint itself stays out of the reason: its path or query may carry an API key.
      if (!url) return { request, status: 'bad-response', reason: 'the Akash RPC endpoint is not an http(s) URL' };
      return cosmosResult(request, states.get(request.readAddress)!);
    });
  },
};
