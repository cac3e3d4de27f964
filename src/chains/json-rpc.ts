import type { Tagged } from '../plugin-api/types.js';
import { DEFAULT_POLICY, httpRequest, type HttpPolicy } from '../net/http-client.js';
import type { ReadOptions } from './types.js';

/** One call inside a JSON-RPC batch. */
export interface JsonRpcCall {
  method: string;
  params: unknown[];
}

/** The error object a JSON-RPC server returns for one call. */
export interface JsonRpcError {
  code: number;
  message: string;
}

/**
 * Outcome of one call of a batch. A call the server answered with an error object is a
 * `bad-response` that also carries that error, so a caller can react to it (retry differently).
 */
export type JsonRpcResult = Tagged<unknown> & { rpcError?: JsonRpcError };

export interface JsonRpcOptions {
  /** Sent as `Authorization: Bearer <token>`; never placed in a reason. */
  bearerToken?: string;
  signal?: AbortSignal;
}

export { readPolicy } from '../net/http-client.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function errorOf(value: unknown): JsonRpcError | undefined {
  if (!isRecord(value)) return undefined;
  const code = typeof value.code === 'number' ? value.code : 0;
  const message = typeof value.message === 'string' ? value.message : JSON.stringify(value);
  return { code, message: message.slice(0, 200) };
}

function everyCall(count: number, result: JsonRpcResult): JsonRpcResult[] {
  return Array.from({ length: count }, () => ({ ...result }));
}

/**
 * Sends every call in one HTTP POST as a JSON-RPC batch and returns one result per call, in the
 * order of `calls`. Responses are matched by id because servers may answer a batch in any order.
 * An error object fails only its own call; a reply that is not a well-formed batch fails them all
 * as `bad-response`; a transport failure fails them all as `unreachable`.
 */
export async function jsonRpcBatch(
  url: string,
  calls: JsonRpcCall[],
  policy: HttpPolicy = DEFAULT_POLICY,
  options: JsonRpcOptions = {},
): Promise<JsonRpcResult[]> {
  if (calls.length === 0) return [];
  const body = JSON.stringify(calls.map((call, index) => ({ jsonrpc: '2.0', id: index + 1, method: call.method, params: call.params })));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;
  const outcome = await httpRequest(url, { method: 'POST', headers, body, signal: options.signal }, policy);
  if (!outcome.ok) return everyCall(calls.length, { status: outcome.kind, reason: outcome.reason });

  const host = new URL(url).host;
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.text);
  } catch {
    return everyCall(calls.length, { status: 'bad-response', reason: `malformed JSON from ${host} (${outcome.text.length} bytes)` });
  }
  if (!Array.isArray(parsed)) {
    // Servers without batch support answer with one error object for the whole request.
    const error = isRecord(parsed) ? errorOf(parsed.error) : undefined;
    const reason = error ? `${host} rejected the batch: ${error.message}` : `${host} did not answer the batch with an array`;
    return everyCall(calls.length, { status: 'bad-response', reason });
  }

  const byId = new Map<number, Record<string, unknown>>();
  for (const item of parsed) {
    if (isRecord(item) && typeof item.id === 'number' && !byId.has(item.id)) byId.set(item.id, item);
  }
  return calls.map((call, index): JsonRpcResult => {
    const item = byId.get(index + 1);
    if (!item) return { status: 'bad-response', reason: `${host} sent no answer to ${call.method}` };
    if (item.error !== undefined && item.error !== null) {
      const rpcError = errorOf(item.error) ?? { code: 0, message: 'unknown error' };
      return { status: 'bad-response', reason: `${call.method} failed: ${rpcError.message} (code ${rpcError.code})`, rpcError };
    }
    if (!('result' in item)) return { status: 'bad-response', reason: `${host} answered ${call.method} with neither result nor error` };
    return { status: 'ok', value: item.result };
  });
}
