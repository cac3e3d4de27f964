import { limiterFor } from './limiter.js';

/** How one endpoint is called: every chain reader and reward source goes through this. */
export interface HttpPolicy {
  timeoutMs: number;
  /** Extra attempts after the first, on 429, 5xx, timeouts and connection errors. */
  retries: number;
  baseDelayMs: number;
  /** Longest wait between attempts; a Retry-After beyond it ends the retries. */
  maxDelayMs: number;
  /** Requests in flight at once per endpoint origin. */
  concurrency: number;
}

export const DEFAULT_POLICY: HttpPolicy = { timeoutMs: 10_000, retries: 3, baseDelayMs: 250, maxDelayMs: 8_000, concurrency: 8 };

/** The defaults with the caller's timeout, retries and concurrency cap (every reader uses this). */
export function readPolicy(options: { timeoutMs?: number; retries?: number; concurrency?: number }): HttpPolicy {
  return {
    ...DEFAULT_POLICY,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
}

export type HttpOutcome =
  { ok: true; status: number; text: string; headers: Headers } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string; status?: number };

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds asked by a Retry-After header (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Math.ceil(Number(value) * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoff(attempt: number, policy: HttpPolicy): number {
  const exp = policy.baseDelayMs * 2 ** attempt;
  // Jitter keeps several readers from retrying in lock step against one endpoint.
  return Math.min(policy.maxDelayMs, exp / 2 + Math.random() * (exp / 2));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${error.message} (${cause.code})`;
    return error.message;
  }
  return String(error);
}

/**
 * One HTTP exchange with timeout, retries with backoff on 429 (honouring Retry-After) and 5xx, and a
 * concurrency cap per endpoint. Never throws: failures come back as values naming what went wrong.
 */
export async function httpRequest(url: string, request: HttpRequest = {}, policy: HttpPolicy = DEFAULT_POLICY): Promise<HttpOutcome> {
  const limiter = limiterFor(url, policy.concurrency);
  let last: HttpOutcome = { ok: false, kind: 'unreachable', reason: 'no attempt made' };
  let attempts = 0;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    attempts++;
    if (request.signal?.aborted) return { ok: false, kind: 'unreachable', reason: 'cancelled' };
    let waitMs: number | undefined;
    last = await limiter.run(async () => {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      try {
        const response = await fetch(url, {
          method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
          headers: request.body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers },
          body: request.body,
          signal,
        });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500) {
          waitMs = retryAfterMs(response.headers.get('retry-after'));
          const what = response.status === 429 ? 'rate limited (HTTP 429)' : `server error (HTTP ${response.status})`;
          return { ok: false, kind: 'unreachable', reason: what, status: response.status } as HttpOutcome;
        }
        if (!response.ok) {
          return {
            ok: false,
            kind: 'bad-response',
            reason: `HTTP ${response.status}${text ? `: ${text.slice(0, 120)}` : ''}`,
            status: response.status,
          } as HttpOutcome;
        }
        return { ok: true, status: response.status, text, headers: response.headers } as HttpOutcome;
      } catch (error) {
        if (timeout.aborted) return { ok: false, kind: 'unreachable', reason: `timed out after ${policy.timeoutMs} ms` } as HttpOutcome;
        return { ok: false, kind: 'unreachable', reason: describe(error) } as HttpOutcome;
      }
    });
    if (last.ok || last.kind === 'bad-response' || attempt === policy.retries) break;
    const delay = waitMs ?? backoff(attempt, policy);
    if (delay > policy.maxDelayMs) {
      last = { ...last, reason: `${last.reason}; server asked to retry after ${Math.round(delay / 1000)} s` };
      break;
    }
    await sleep(delay);
  }
  if (!last.ok && attempts > 1 && last.kind === 'unreachable') {
    return { ...last, reason: `${last.reason} (after ${attempts} attempts)` };
  }
  return last;
}

/** Like httpRequest, then parses JSON; malformed or truncated JSON is a bad response, not a crash. */
export async function httpJson(
  url: string,
  request: HttpRequest = {},
  policy: HttpPolicy = DEFAULT_POLICY,
): Promise<{ ok: true; value: unknown } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string }> {
  const outcome = await httpRequest(url, request, policy);
  if (!outcome.ok) return outcome;
  try {
    return { ok: true, value: JSON.parse(outcome.text) };
  } catch {
    return { ok: false, kind: 'bad-response', reason: `malformed JSON from ${new URL(url).host} (${outcome.text.length} bytes)` };
  }
}

/**
 * A `fetch` with the same policy, for clients that bring their own transport (@solana/web3.js,
 * viem). The final response (or the last failure, as a synthetic 503) is returned to the client.
 */
export function policyFetch(policy: HttpPolicy = DEFAULT_POLICY): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const outcome = await httpRequest(
      url,
      {
        method: (init?.method as 'GET' | 'POST') ?? 'GET',
        headers: init?.headers ? Object.fromEntries(new Headers(init.headers).entries()) : undefined,
        body: typeof init?.body === 'string' ? init.body : undefined,
        signal: init?.signal ?? undefined,
      },
      policy,
    );
    if (outcome.ok) return new Response(outcome.text, { status: outcome.status, headers: outcome.headers });
    return new Response(JSON.stringify({ error: outcome.reason }), { status: outcome.status ?? 503, statusText: outcome.reason });
  }) as typeof fetch;
}
