import { ProtobufError, ProtoWriter, lenValue, readFields, stringValue, varintValue } from '../../src/chains/protobuf-lite.js';
import { startFaultServer, type FaultServer, type Handler, type LoopbackOptions } from './fault-server.js';
import { sumDecCoins, type Coin, type DecCoin } from './loopback-lcd.js';

/**
 * A CometBFT node on loopback (JSON-RPC on `POST /` and `/v1`, batches included) whose Cosmos SDK app
 * answers `abci_query` for the bank AllBalances and distribution DelegationTotalRewards gRPC routes
 * with real protobuf, in the shapes of the cosmos-sdk query protos. The state has the LCD loopback's
 * shape, so both can serve the same chain.
 */
export interface CometState {
  balances: Record<string, Coin[]>;
  /** Per delegator: rewards per validator, decimal strings ("1.5"); `total` is computed as the SDK does. */
  rewards?: Record<string, { validator: string; reward: DecCoin[] }[]>;
  /** Balances per page when the request sets no limit; the SDK's default is 100. */
  pageSize?: number;
  /** Most calls in one batch (CometBFT's `max_request_batch_size`); 0 or absent: no limit. */
  maxBatchSize?: number;
  /** Base64 `value`s sent instead of the real answer, per address and query, to stand in for a broken node. */
  rawValues?: Record<string, { bank?: string; rewards?: string }>;
  height?: number;
}

export const BANK_PATH = '/cosmos.bank.v1beta1.Query/AllBalances';
export const REWARDS_PATH = '/cosmos.distribution.v1beta1.Query/DelegationTotalRewards';

const DEC_PLACES = 18;
const ADDRESS = /^akash1[02-9ac-hj-np-z]{38}$/;

type Call = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };
type QueryAnswer = { code: number; log?: string; codespace?: string; value?: Uint8Array };
type Outcome = { result: unknown } | { error: { code: number; message: string; data?: string } };

/** A LegacyDec as its protobuf encoding carries it: the value times 10^18, integer digits only. */
export function scaledDec(amount: string): string {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole + frac.padEnd(DEC_PLACES, '0')).toString();
}

const coin = (c: Coin) => new ProtoWriter().string(1, c.denom).string(2, c.amount).finish();
const decCoin = (c: DecCoin) => new ProtoWriter().string(1, c.denom).string(2, scaledDec(c.amount)).finish();
const invalidAddress = (address: string): QueryAnswer => ({
  code: 18,
  codespace: 'sdk',
  log: `invalid address: decoding bech32 failed: invalid checksum (${address}): invalid request`,
});

function allBalances(state: CometState, request: Uint8Array): QueryAnswer {
  let address = '';
  let key: Uint8Array | undefined;
  let limit = 0n;
  for (const field of readFields(request)) {
    if (field.field === 1) address = stringValue(field);
    if (field.field !== 2) continue;
    // PageRequest { bytes key = 1; uint64 offset = 2; uint64 limit = 3; ... }
    for (const inner of readFields(lenValue(field))) {
      if (inner.field === 1) key = lenValue(inner);
      if (inner.field === 3) limit = varintValue(inner);
    }
  }
  if (!ADDRESS.test(address)) return invalidAddress(address);
  const coins = [...(state.balances[address] ?? [])].sort((a, b) => a.denom.localeCompare(b.denom));
  const pageSize = Number(limit) || state.pageSize || 100;
  // Like the SDK, the key is the store key of the next entry: under the address prefix, the denom.
  const start = key?.length ? coins.findIndex((c) => c.denom === Buffer.from(key!).toString('utf8')) : 0;
  if (start < 0) return { code: 18, codespace: 'sdk', log: 'invalid pagination key: invalid request' };
  const next = coins[start + pageSize];
  const page = new ProtoWriter();
  if (next) page.bytes(1, new TextEncoder().encode(next.denom));
  if (!key?.length && coins.length > 0) page.uint64(2, coins.length);
  const out = new ProtoWriter();
  for (const c of coins.slice(start, start + pageSize)) out.message(1, coin(c));
  return { code: 0, value: out.message(2, page.finish()).finish() };
}

function totalRewards(state: CometState, request: Uint8Array): QueryAnswer {
  let address = '';
  for (const field of readFields(request)) if (field.field === 1) address = stringValue(field);
  if (!ADDRESS.test(address)) return invalidAddress(address);
  const entries = state.rewards?.[address] ?? [];
  const out = new ProtoWriter();
  for (const entry of entries) {
    // DelegationDelegatorReward { string validator_address = 1; repeated DecCoin reward = 2 }
    const reward = new ProtoWriter().string(1, entry.validator);
    for (const c of sumDecCoins(entry.reward)) reward.message(2, decCoin(c));
    out.message(1, reward.finish());
  }
  for (const c of sumDecCoins(entries.flatMap((e) => e.reward))) out.message(2, decCoin(c));
  return { code: 0, value: out.finish() };
}

function abciQuery(state: CometState, path: string, data: Uint8Array): { answer: QueryAnswer; raw?: string } {
  try {
    const route = path === BANK_PATH ? 'bank' : path === REWARDS_PATH ? 'rewards' : undefined;
    if (!route) return { answer: { code: 6, codespace: 'sdk', log: 'unknown query path' } };
    const address = readFields(data).find((f) => f.field === 1);
    const raw = address ? state.rawValues?.[stringValue(address)]?.[route] : undefined;
    if (raw !== undefined) return { answer: { code: 0 }, raw };
    return { answer: route === 'bank' ? allBalances(state, data) : totalRewards(state, data) };
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    return { answer: { code: 2, codespace: 'sdk', log: `tx parse error: ${error.message}` } };
  }
}

const invalidParams = (message: string): Outcome => ({ error: { code: -32602, message: 'Invalid params', data: message } });

/** Params by name or by position (`path,data,height,prove`), as CometBFT's JSON-RPC server reads them. */
function queryParams(params: unknown): { path: string; data: string; height: unknown; prove: unknown } | string {
  const named = Array.isArray(params)
    ? params.length === 4
      ? { path: params[0], data: params[1], height: params[2], prove: params[3] }
      : undefined
    : typeof params === 'object' && params !== null
      ? (params as Record<string, unknown>)
      : undefined;
  if (!named) return 'expected 4 parameters (path,data,height,prove)';
  const { path = '', data = '', height, prove } = named;
  if (typeof path !== 'string') return 'path must be a string';
  if (typeof data !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(data)) return 'data must be a hex string';
  // CometBFT's JSON reads 64-bit integers only from strings.
  if (height !== undefined && (typeof height !== 'string' || !/^\d+$/.test(height)))
    return `invalid 64-bit integer encoding ${JSON.stringify(height)}, expected string`;
  if (prove !== undefined && typeof prove !== 'boolean') return 'prove must be a boolean';
  return { path, data, height, prove };
}

function call(state: CometState, request: Call): Outcome {
  if (request.method === 'health') return { result: {} };
  if (request.method !== 'abci_query') return { error: { code: -32601, message: 'Method not found' } };
  const params = queryParams(request.params);
  if (typeof params === 'string') return invalidParams(params);
  const { answer, raw } = abciQuery(state, params.path, Buffer.from(params.data, 'hex'));
  // Zero values are left out of CometBFT's JSON (omitempty), an empty `value` included.
  const response: Record<string, unknown> = { height: String(state.height ?? 21_000_000) };
  if (answer.code !== 0) Object.assign(response, { code: answer.code, log: answer.log, codespace: answer.codespace });
  const value = raw ?? (answer.value?.length ? Buffer.from(answer.value).toString('base64') : undefined);
  if (value !== undefined) response.value = value;
  return { result: { response } };
}

/** The JSON-RPC handler, to compose with any fault plan. */
export function cometHandler(state: CometState): Handler {
  return (request) => {
    const path = request.url.pathname.replace(/^\/+|\/+$/g, '');
    if (request.method !== 'POST' || (path !== '' && path !== 'v1')) return { status: 404, body: '404 page not found' };
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch (error) {
      return { status: 500, body: { jsonrpc: '2.0', id: -1, error: { code: -32700, message: 'Parse error. Invalid JSON', data: String(error) } } };
    }
    const calls: Call[] = Array.isArray(body) ? body : [body as Call];
    if (Array.isArray(body) && state.maxBatchSize && calls.length > state.maxBatchSize) {
      const data = `batch request exceeds maximum (${state.maxBatchSize}) allowed number of requests`;
      return { body: { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request', data } } };
    }
    // Calls without an id are notifications: no answer.
    const answers = calls
      .filter((c) => typeof c === 'object' && c !== null && c.id !== undefined)
      .map((c) => ({ jsonrpc: '2.0', id: c.id, ...call(state, c) }));
    if (answers.length === 0) return { status: 200 };
    // CometBFT writes a single answer as a bare object, even for a batch of one.
    return { body: answers.length === 1 ? answers[0] : answers };
  };
}

export interface LoopbackCometBft extends FaultServer {
  state: CometState;
}

export async function startLoopbackCometBft(state: CometState, options: LoopbackOptions = {}): Promise<LoopbackCometBft> {
  const server = await startFaultServer(cometHandler(state), options.faults, { latencyMs: options.latencyMs });
  return Object.assign(server, { state });
}
