import { base32nopad } from '@scure/base';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { startFaultServer, type FaultServer, type LoopbackOptions, type Handler } from './fault-server.js';

/**
 * A Lotus JSON-RPC node on loopback (`POST /rpc/v1`), with batches, answering the response shapes of
 * the Lotus API reference: attoFIL balances as decimal strings, ChainHead as a TipSet.
 */
export interface LotusState {
  /** Wallet balances in attoFIL; an address not listed holds 0, as on a real node. */
  wallets: Record<string, bigint>;
  /** Available (withdrawable) balances of miner actors in attoFIL; an unknown miner is an error. */
  miners?: Record<string, bigint>;
  /** Answer `null` TipSetKeys with an error, as a node that does not read them as "the head" would. */
  rejectNullTipSetKey?: boolean;
  /** Required as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** Answer batches in reverse order, to prove that clients match by id. */
  reverseBatches?: boolean;
  height?: number;
}

export const HEAD_CIDS = [
  { '/': 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4' },
  { '/': 'bafy2bzaceckbdsqgrsvkvbpsujpclp2wxl4qhbl7gvkwtmqiyvy7v2vxxtzxa' },
];

/** A well-formed mainnet f1 address (payload from `seed`, BLAKE2b-4 checksum), for test wallets. */
export function filecoinAddress(seed: string): string {
  const payload = sha256(new TextEncoder().encode(seed)).slice(0, 20);
  const checksum = blake2b(Uint8Array.of(1, ...payload), { dkLen: 4 });
  return `f1${base32nopad.encode(Uint8Array.of(...payload, ...checksum)).toLowerCase()}`;
}

type Call = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };
type Outcome = { result: unknown } | { error: { code: number; message: string } };

const ADDRESS = /^[ft][0-4][a-z0-9]+$/;
const fail = (message: string): Outcome => ({ error: { code: 1, message } });

function call(state: LotusState, method: unknown, params: unknown): Outcome {
  const args = Array.isArray(params) ? params : [];
  switch (method) {
    case 'Filecoin.ChainHead':
      return { result: { Cids: HEAD_CIDS, Blocks: [], Height: state.height ?? 4_500_000 } };
    case 'Filecoin.WalletBalance': {
      const [address] = args;
      if (typeof address !== 'string' || !ADDRESS.test(address)) return fail(`failed to parse address ${JSON.stringify(address)}`);
      return { result: (state.wallets[address] ?? 0n).toString() };
    }
    case 'Filecoin.StateMinerAvailableBalance': {
      const [miner, tsk] = args;
      if (tsk === null && state.rejectNullTipSetKey) return fail('loading tipset: key must not be null');
      if (tsk !== null && JSON.stringify(tsk) !== JSON.stringify(HEAD_CIDS)) return fail(`loading tipset ${JSON.stringify(tsk)}: not found`);
      const balance = typeof miner === 'string' ? state.miners?.[miner] : undefined;
      if (balance === undefined) return fail(`failed to load miner actor: actor not found`);
      return { result: balance.toString() };
    }
    default:
      return { error: { code: -32601, message: `method '${String(method)}' not found` } };
  }
}

function answer(state: LotusState, request: Call): unknown {
  if (typeof request !== 'object' || request === null) return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request' } };
  return { jsonrpc: '2.0', id: request.id ?? null, ...call(state, request.method, request.params) };
}

/** The JSON-RPC handler, to compose with any fault plan. */
export function lotusHandler(state: LotusState): Handler {
  return (request) => {
    if (request.method !== 'POST' || request.url.pathname !== '/rpc/v1') return { status: 404, body: '404 page not found' };
    if (state.token && request.headers.authorization !== `Bearer ${state.token}`) return { status: 401, body: 'missing permission to invoke' };
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return { body: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } } };
    }
    if (!Array.isArray(body)) return { body: answer(state, body as Call) };
    const answers = body.map((item: Call) => answer(state, item));
    return { body: state.reverseBatches ? answers.reverse() : answers };
  };
}

export interface LoopbackLotus extends FaultServer {
  /** The `/rpc/v1` URL a reader is given as its endpoint. */
  endpoint: string;
  state: LotusState;
}

export async function startLoopbackLotus(state: LotusState, options: LoopbackOptions = {}): Promise<LoopbackLotus> {
  const server = await startFaultServer(lotusHandler(state), options.faults, { latencyMs: options.latencyMs });
  return Object.assign(server, { endpoint: `${server.url}/rpc/v1`, state });
}
