import { limiterFor } from './limiter.js';
import { redactText, splitCredentials } from './redact.js';

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
  /** Largest response body accepted; a bigger one is abandoned as it streams and not retried. */
  maxResponseBytes?: number;
}

/** Default response cap: far above any balance or price answer, far below what hurts memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1_048_576;

export const DEFAULT_POLICY: HttpPolicy = {
  timeoutMs: 10_000,
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  concurrency: 8,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
};

/** The defaults with the caller's timeout, retries and concurrency cap (every reader uses this). */
export function readPolicy(options: { timeoutMs?: number; retries?: number; concurrency?: number; maxResponseBytes?: number }): HttpPolicy {
  return {
    ...DEFAULT_POLICY,
    ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
}

export type HttpOutcome =
  | { ok: true; status: number; text: string; headers: Headers }
  | {
      ok: false;
      kind: 'unreachable' | 'bad-response';
      reason: string;
      status?: number;
      /** What the server's Retry-After asked for, on a 429 or 5xx (callers that pace themselves honour it). */
      retryAfterMs?: number;
    };

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

/** Headers that may follow a redirect to another origin: nothing that can carry a credential. */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'content-type', 'user-agent']);
const MAX_REDIRECTS = 5;

type Exchange = { ok: true; response: Response } | { ok: false; outcome: HttpOutcome };

/**
 * Follows redirects by hand: fetch's own following forwards every custom header (an API key header
 * among them) to whatever origin the Location names. Leaving the first origin drops all but
 * CROSS_ORIGIN_SAFE headers (Authorization from URL credentials included) for the rest of the chain.
 */
async function exchange(url: string, request: HttpRequest, signal: AbortSignal): Promise<Exchange> {
  const { url: first, authorization } = splitCredentials(url);
  const origin = new URL(first).origin;
  let headers: Record<string, string> = {
    ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(authorization ? { authorization } : {}),
    ...request.headers,
  };
  let method = request.method ?? (request.body === undefined ? 'GET' : 'POST');
  let body = request.body;
  let target = first;
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, { method, headers, body, signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location) return { ok: true, response };
    await response.body?.cancel().catch(() => {});
    if (hop === MAX_REDIRECTS) return { ok: false, outcome: { ok: false, kind: 'bad-response', reason: `more than ${MAX_REDIRECTS} redirects` } };
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { ok: false, outcome: { ok: false, kind: 'bad-response', reason: `redirected to a ${next.protocol} URL` } };
    }
    // Credentials written into a Location are not the user's: never send them.
    next.username = '';
    next.password = '';
    if (next.origin !== origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_SAFE.has(k.toLowerCase())));
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
    }
    target = next.href;
  }
}

/** Thrown inside one attempt when the body passes the cap; never retried. */
class TooLarge extends Error {}

/** The body as text, read as it streams and abandoned as soon as it passes `cap` bytes. */
async function readCapped(response: Response, cap: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => {});
    throw new TooLarge(`the response declares ${declared} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      throw new TooLarge(`more than ${cap} bytes arrived`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Why a request stopped: the abort's own words when it gave some (a plugin's deadline), else "cancelled". */
function cancelReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.name !== 'AbortError' && reason.message ? reason.message : 'cancelled';
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const mib = (bytes: number) => (bytes % 1_048_576 === 0 ? `${bytes / 1_048_576} MiB` : `${bytes} bytes`);

/**
 * One HTTP exchange with timeout, retries with backoff on 429 (honouring Retry-After) and 5xx, a
 * concurrency cap per endpoint, a cap on the response size, credentials in the URL sent as HTTP
 * Basic auth, and no credential following a redirect to another origin. Never throws: failures come
 * back as values naming what went wrong, with every secret of the URL masked.
 */
export async function httpRequest(url: string, request: HttpRequest = {}, policy: HttpPolicy = DEFAULT_POLICY): Promise<HttpOutcome> {
  const outcome = await attempts(url, request, policy);
  return outcome.ok ? outcome : { ...outcome, reason: redactText(outcome.reason, [url]) };
}

async function attempts(url: string, request: HttpRequest, policy: HttpPolicy): Promise<HttpOutcome> {
  const limiter = limiterFor(url, policy.concurrency);
  const cap = policy.maxResponseBytes ?? DEFAULT_POLICY.maxResponseBytes!;
  let last: HttpOutcome = { ok: false, kind: 'unreachable', reason: 'no attempt made' };
  let attempts = 0;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    attempts++;
    if (request.signal?.aborted) return { ok: false, kind: 'unreachable', reason: cancelReason(request.signal) };
    let waitMs: number | undefined;
    last = await limiter.run(async () => {
      if (request.signal?.aborted) return { ok: false, kind: 'unreachable', reason: cancelReason(request.signal) } as HttpOutcome;
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      try {
        const exchanged = await exchange(url, request, signal);
        if (!exchanged.ok) return exchanged.outcome;
        const response = exchanged.response;
        const text = await readCapped(response, cap);
        if (response.status === 429 || response.status >= 500) {
          waitMs = retryAfterMs(response.headers.get('retry-after'));
          const what = response.status === 429 ? 'rate limited (HTTP 429)' : `server error (HTTP ${response.status})`;
          return { ok: false, kind: 'unreachable', reason: what, status: response.status, retryAfterMs: waitMs } as HttpOutcome;
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
        if (error instanceof TooLarge) {
          const reason = `response larger than the cap of ${mib(cap)} (${error.message}); raise http.maxResponseBytes if this endpoint is trusted`;
          return { ok: false, kind: 'bad-response', reason } as HttpOutcome;
        }
        if (timeout.aborted) return { ok: false, kind: 'unreachable', reason: `timed out after ${policy.timeoutMs} ms` } as HttpOutcome;
        if (request.signal?.aborted) return { ok: false, kind: 'unreachable', reason: cancelReason(request.signal) } as HttpOutcome;
        return { ok: false, kind: 'unreachable', reason: describe(error) } as HttpOutcome;
      }
    });
    if (last.ok || last.kind === 'bad-response' || attempt === policy.retries || request.signal?.aborted) break;
    const delay = waitMs ?? backoff(attempt, policy);
    if (delay > policy.maxDelayMs) {
      last = { ...last, reason: `${last.reason}; server asked to retry after ${Math.round(delay / 1000)} s` };
      break;
    }
    await abortableSleep(delay, request.signal);
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
): Promise<{ ok: true; value: unknown } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string; status?: number; retryAfterMs?: number }> {
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
