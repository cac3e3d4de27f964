import { httpRequest, type HttpPolicy } from '../net/http-client.js';

/** One JSON-RPC call inside a batch. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

/** The answer to one call of a batch: its result, or why there is none. */
export type RpcAnswer = { ok: true; result: unknown } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string; rpcError?: string };

/**
 * Most providers refuse batches beyond a few hundred to a thousand calls; past this size a batch
 * is split into several HTTP requests (sent together, under the endpoint's concurrency cap).
 */
export const MAX_BATCH_CALLS = 1000;

function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

function short(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    const { code, message } = error as { code?: unknown; message: string };
    return short(typeof code === 'number' ? `${message} (code ${code})` : message);
  }
  return 'error without a message';
}

/** Matches the answers of one batch response to its calls by id; anything missing is named. */
function matchAnswers(host: string, body: unknown, count: number): RpcAnswer[] {
  const fail = (reason: string): RpcAnswer => ({ ok: false, kind: 'bad-response', reason: `${host}: ${reason}` });
  // A server that does not take batches answers one error object with a null id.
  if (!Array.isArray(body)) {
    if (body && typeof body === 'object' && 'error' in body && (body as { id?: unknown }).id == null) {
      const rejected = fail(`rejected the batch: ${errorText((body as { error: unknown }).error)}`);
      return Array.from({ length: count }, () => rejected);
    }
    if (count === 1 && body && typeof body === 'object') body = [body];
    else return Array.from({ length: count }, () => fail('answered a batch with something other than a JSON array'));
  }
  const byId = new Map<number, unknown>();
  for (const item of body as unknown[]) {
    if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'number') byId.set((item as { id: number }).id, item);
  }
  return Array.from({ length: count }, (_, index) => {
    const item = byId.get(index) as { result?: unknown; error?: unknown } | undefined;
    if (!item) return fail('left a call of the batch unanswered');
    if (item.error !== undefined && item.error !== null) {
      const rpcError = errorText(item.error);
      return { ok: false, kind: 'bad-response', reason: `${host}: ${rpcError}`, rpcError };
    }
    if (!('result' in item)) return fail('answered a call with neither result nor error');
    return { ok: true, result: item.result };
  });
}

async function sendOne(endpoint: string, calls: RpcCall[], policy: HttpPolicy, signal?: AbortSignal): Promise<RpcAnswer[]> {
  const host = hostOf(endpoint);
  const body = JSON.stringify(calls.map((call, id) => ({ jsonrpc: '2.0', id, method: call.method, params: call.params })));
  const outcome = await httpRequest(endpoint, { method: 'POST', body, signal }, policy);
  if (!outcome.ok) {
    const failed: RpcAnswer = { ok: false, kind: outcome.kind, reason: `${host}: ${outcome.reason}` };
    return calls.map(() => failed);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.text);
  } catch {
    const failed: RpcAnswer = { ok: false, kind: 'bad-response', reason: `${host}: malformed JSON (${outcome.text.length} bytes)` };
    return calls.map(() => failed);
  }
  return matchAnswers(host, parsed, calls.length);
}

/**
 * Sends calls as JSON-RPC batches (one HTTP request per MAX_BATCH_CALLS calls) and returns one
 * answer per call, in order. Never throws: transport failures become failed answers naming the host.
 */
export async function rpcBatch(endpoint: string, calls: RpcCall[], policy: HttpPolicy, signal?: AbortSignal): Promise<RpcAnswer[]> {
  if (calls.length === 0) return [];
  const slices: RpcCall[][] = [];
  for (let start = 0; start < calls.length; start += MAX_BATCH_CALLS) slices.push(calls.slice(start, start + MAX_BATCH_CALLS));
  const answered = await Promise.all(slices.map((slice) => sendOne(endpoint, slice, policy, signal)));
  return answered.flat();
}
