import { httpRequest, type HttpPolicy } from '../net/http-client.js';

/** One JSON-RPC call inside a batch. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

/** What one call of a batch came back with; a failure of the whole HTTP exchange lands on each of its calls. */
export type RpcOutcome = { ok: true; result: unknown } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };

/** How a batch is split over HTTP requests. */
export interface BatchLimits {
  /** Calls in one HTTP request. */
  maxCallsPerRequest: number;
  /** Bytes of one request body; Agave validators refuse bodies over 50 KiB by default. */
  maxBodyBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxCallsPerRequest: 50, maxBodyBytes: 48 * 1024 };

// Codes a node sends while it is unhealthy or behind: the endpoint cannot answer now, the request is fine.
const TRANSIENT_RPC_CODES = new Set([-32005, -32004, -32016]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The part of an endpoint URL that may appear in messages: paths and queries often carry API keys. */
export function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host || 'the endpoint';
  } catch {
    return 'the endpoint';
  }
}

/** Splits serialized calls into request bodies within the limits, keeping their order. */
function chunk(parts: string[], limits: BatchLimits): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 2;
  parts.forEach((part, index) => {
    const size = Buffer.byteLength(part) + 1;
    if (current.length > 0 && (current.length >= limits.maxCallsPerRequest || bytes + size > limits.maxBodyBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function answerOf(element: unknown, host: string): RpcOutcome {
  if (!isRecord(element)) return { ok: false, kind: 'bad-response', reason: `${host}: an answer in the batch is not an object` };
  if (element.error !== undefined && element.error !== null) {
    const error = isRecord(element.error) ? element.error : {};
    const code = typeof error.code === 'number' ? error.code : undefined;
    const message = typeof error.message === 'string' ? error.message.slice(0, 160) : 'no message';
    const kind = code !== undefined && TRANSIENT_RPC_CODES.has(code) ? 'unreachable' : 'bad-response';
    return { ok: false, kind, reason: `${host}: RPC error ${code ?? '?'}: ${message}` };
  }
  if (!('result' in element)) return { ok: false, kind: 'bad-response', reason: `${host}: an answer has neither result nor error` };
  return { ok: true, result: element.result };
}

async function post(
  endpoint: string,
  body: string,
  policy: HttpPolicy,
  signal?: AbortSignal,
): Promise<{ ok: true; value: unknown } | (RpcOutcome & { ok: false })> {
  const host = endpointHost(endpoint);
  const response = await httpRequest(endpoint, { method: 'POST', body, signal }, policy);
  if (!response.ok) return { ok: false, kind: response.kind, reason: `${host}: ${response.reason}` };
  try {
    return { ok: true, value: JSON.parse(response.text) };
  } catch {
    return { ok: false, kind: 'bad-response', reason: `${host}: malformed JSON (${response.text.length} bytes)` };
  }
}

/** Sends each call on its own, for endpoints that refuse batches. */
async function oneByOne(endpoint: string, parts: string[], policy: HttpPolicy, signal?: AbortSignal): Promise<RpcOutcome[]> {
  const host = endpointHost(endpoint);
  return Promise.all(
    parts.map(async (part) => {
      const answer = await post(endpoint, part, policy, signal);
      return answer.ok ? answerOf(answer.value, host) : answer;
    }),
  );
}

async function sendChunk(endpoint: string, ids: number[], parts: string[], policy: HttpPolicy, signal?: AbortSignal): Promise<RpcOutcome[]> {
  const host = endpointHost(endpoint);
  const answer = await post(endpoint, `[${ids.map((id) => parts[id]).join(',')}]`, policy, signal);
  if (!answer.ok) return ids.map(() => answer);
  if (isRecord(answer.value) && answer.value.error !== undefined) {
    // A single error object for an array body: the endpoint does not take batches.
    return oneByOne(
      endpoint,
      ids.map((id) => parts[id]),
      policy,
      signal,
    );
  }
  if (!Array.isArray(answer.value)) return ids.map(() => ({ ok: false, kind: 'bad-response', reason: `${host}: the answer to a batch is not an array` }));
  const byId = new Map<unknown, unknown>();
  for (const element of answer.value) if (isRecord(element)) byId.set(element.id, element);
  return ids.map((id) =>
    byId.has(id) ? answerOf(byId.get(id), host) : { ok: false, kind: 'bad-response', reason: `${host}: the batch answer lacks call ${id}` },
  );
}

/**
 * Sends calls as JSON-RPC batches (as few HTTP requests as the limits allow, concurrently under the
 * policy's per-endpoint cap) and returns one outcome per call, in order. Never throws.
 */
export async function rpcBatch(
  endpoint: string,
  calls: RpcCall[],
  policy: HttpPolicy,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  signal?: AbortSignal,
): Promise<RpcOutcome[]> {
  const parts = calls.map((call, id) => JSON.stringify({ jsonrpc: '2.0', id, method: call.method, params: call.params }));
  const outcomes: RpcOutcome[] = new Array(calls.length);
  await Promise.all(
    chunk(parts, limits).map(async (ids) => {
      const answers = await sendChunk(endpoint, ids, parts, policy, signal);
      ids.forEach((id, i) => (outcomes[id] = answers[i]));
    }),
  );
  return outcomes;
}
