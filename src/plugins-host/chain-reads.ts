import type { PluginChainReads, SolanaAccount, Tagged } from '../plugin-api/index.js';
import { jsonRpcBatch } from '../chains/json-rpc.js';
import { rpcBatch } from '../chains/solana-rpc.js';
import type { PluginHost } from './context.js';

/** `getMultipleAccounts` takes at most 100 keys per call. */
const ACCOUNTS_PER_CALL = 100;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One entry of a `getMultipleAccounts` answer (base64 encoding), or why it is not one. */
export function solanaAccountFrom(entry: unknown): SolanaAccount | null | string {
  if (entry === null) return null;
  if (!isRecord(entry)) return 'an account is not an object';
  const { owner, lamports, executable, data } = entry;
  if (typeof owner !== 'string') return 'an account has no owner';
  if (typeof lamports !== 'number' || !Number.isSafeInteger(lamports) || lamports < 0) return 'an account has no whole lamports';
  if (!Array.isArray(data) || data[1] !== 'base64' || typeof data[0] !== 'string') return 'account data is not base64';
  if (!BASE64.test(data[0])) return 'account data is not valid base64';
  return { owner, lamports: BigInt(lamports), executable: executable === true, data: new Uint8Array(Buffer.from(data[0], 'base64')) };
}

function endpointOf(host: PluginHost, key: 'rpc.solana' | 'rpc.filecoin'): Tagged<string> {
  const endpoint = host.config(key);
  if (!endpoint || !URL.canParse(endpoint)) return { status: 'bad-response', reason: `${key} is not set to a URL` };
  return { status: 'ok', value: endpoint };
}

/**
 * Chain reads for plugins through the configured endpoints and the host's JSON-RPC clients: the
 * host's HTTP policy (timeout, retries with backoff, concurrency cap) and the call's signal.
 */
export function createChainReads(host: PluginHost, signal: AbortSignal): PluginChainReads {
  const solanaCalls = async (calls: { method: string; params: unknown[] }[]): Promise<Tagged<unknown[]>> => {
    const endpoint = endpointOf(host, 'rpc.solana');
    if (endpoint.status !== 'ok') return endpoint;
    const outcomes = await rpcBatch(endpoint.value, calls, host.http, undefined, signal);
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) return { status: failed.kind, reason: `Solana RPC at ${failed.reason}` };
    return { status: 'ok', value: outcomes.map((o) => (o.ok ? o.result : undefined)) };
  };
  return {
    solana: {
      call: async (method, params) => {
        const reply = await solanaCalls([{ method, params }]);
        return reply.status === 'ok' ? { status: 'ok', value: reply.value[0] } : reply;
      },
      getMultipleAccounts: async (addresses, options = {}) => {
        if (addresses.length === 0) return { status: 'ok', value: [] };
        const chunks: string[][] = [];
        for (let i = 0; i < addresses.length; i += ACCOUNTS_PER_CALL) chunks.push(addresses.slice(i, i + ACCOUNTS_PER_CALL));
        const config = { encoding: 'base64', commitment: options.commitment ?? 'confirmed' };
        const reply = await solanaCalls(chunks.map((chunk) => ({ method: 'getMultipleAccounts', params: [chunk, config] })));
        if (reply.status !== 'ok') return reply;
        const accounts: (SolanaAccount | null)[] = [];
        for (const [i, result] of reply.value.entries()) {
          const value = isRecord(result) ? result.value : undefined;
          if (!Array.isArray(value) || value.length !== chunks[i].length) {
            const got = Array.isArray(value) ? value.length : 'no';
            return { status: 'bad-response', reason: `Solana RPC: getMultipleAccounts answered ${got} accounts for ${chunks[i].length} addresses` };
          }
          for (const entry of value) {
            const account = solanaAccountFrom(entry);
            if (typeof account === 'string') return { status: 'bad-response', reason: `Solana RPC: ${account}` };
            accounts.push(account);
          }
        }
        return { status: 'ok', value: accounts };
      },
    },
    lotus: {
      call: async (method, params) => {
        const endpoint = endpointOf(host, 'rpc.filecoin');
        if (endpoint.status !== 'ok') return endpoint;
        const [result] = await jsonRpcBatch(endpoint.value, [{ method, params }], host.http, { bearerToken: host.lotusToken, signal });
        const where = new URL(endpoint.value).host;
        if (result.status !== 'ok') return { status: result.status, reason: `Lotus at ${where}: ${result.reason}` };
        return { status: 'ok', value: result.value };
      },
    },
  };
}
