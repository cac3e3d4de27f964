import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Arrival order, from 0. */
  index: number;
  method: string;
  /** Path and query string exactly as sent. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** Arrival time, `performance.now()` milliseconds, for measuring gaps between attempts. */
  at: number;
  /** The fault injected into this request's answer, if any. */
  fault?: Fault['kind'];
}

/** A normal answer. An object or array body is sent as JSON. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

/** A route: `path` is matched against the path without its query; a RegExp's groups reach `handle`. */
export interface Route {
  method?: string;
  path: string | RegExp;
  handle: (request: RecordedRequest, params: string[]) => Reply | Promise<Reply>;
}

/** What can go wrong with one answer. */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'reset' }
  /** Half of the real body; `cut` declares the full length and drops the connection instead. */
  | { kind: 'truncate'; cut?: boolean }
  | { kind: 'malformed'; body?: string }
  /** A 200 whose body never ends: 64 KiB chunks until the client goes away. */
  | { kind: 'endless' }
  | { kind: 'hang' };

export type Matcher = { method?: string; path?: string | RegExp; bodyIncludes?: string } | ((request: RecordedRequest) => boolean);

/** A fault for every matching request, `times` times at most (unlimited when absent). */
export interface FaultRule {
  when?: Matcher;
  fault: Fault;
  times?: number;
}

/** `sequence[i]` applies to the i-th request after the plan is set (null: none); then the rules. */
export interface FaultPlan {
  sequence?: (Fault | null)[];
  rules?: FaultRule[];
}

export interface FaultServerOptions {
  /** Delay before every answer, as a remote endpoint would add. */
  latencyMs?: number;
}

/** How a loopback server built on this one is started: a fault plan and a base latency. */
export interface LoopbackOptions extends FaultServerOptions {
  faults?: FaultPlan | (Fault | null)[];
}

export interface RequestLog {
  readonly count: number;
  readonly log: readonly RecordedRequest[];
  /** Most requests the server was answering at the same moment. */
  readonly maxInFlight: number;
  readonly inFlight: number;
  clear(): void;
}

export interface FaultServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: RequestLog;
  setFaults(plan: FaultPlan | (Fault | null)[]): void;
  close(): Promise<void>;
}

export const MALFORMED_JSON = '{"jsonrpc": "2.0",, "result": [1, 2}';

function matches(matcher: Matcher | undefined, request: RecordedRequest): boolean {
  if (!matcher) return true;
  if (typeof matcher === 'function') return matcher(request);
  if (matcher.method && matcher.method !== request.method) return false;
  if (matcher.path !== undefined) {
    const ok = typeof matcher.path === 'string' ? request.url.pathname === matcher.path : matcher.path.test(request.url.pathname);
    if (!ok) return false;
  }
  return matcher.bodyIncludes === undefined || request.body.includes(matcher.bodyIncludes);
}

function fromRoutes(routes: Route[]): Handler {
  return (request) => {
    for (const route of routes) {
      if (route.method && route.method !== request.method) continue;
      const pathname = request.url.pathname;
      if (typeof route.path === 'string') {
        if (route.path === pathname) return route.handle(request, []);
      } else {
        const found = route.path.exec(pathname);
        if (found)
          return route.handle(
            request,
            found.slice(1).map((p) => decodeURIComponent(p)),
          );
      }
    }
    return { status: 404, body: 'not found' };
  };
}

function encode(reply: Reply): { status: number; headers: Record<string, string>; text: string } {
  const json = typeof reply.body === 'object' && reply.body !== null;
  const text = reply.body === undefined ? '' : json ? JSON.stringify(reply.body) : String(reply.body);
  return { status: reply.status ?? 200, headers: { 'content-type': json ? 'application/json' : 'text/plain', ...reply.headers }, text };
}

/**
 * A loopback HTTP server (127.0.0.1, a free port) that answers through `handler` and injects faults
 * per request, in sequence or by rule, recording every request it sees. Close it in `after`.
 */
export async function startFaultServer(
  handler: Handler | Route[],
  faults: FaultPlan | (Fault | null)[] = {},
  options: FaultServerOptions = {},
): Promise<FaultServer> {
  const handle = Array.isArray(handler) ? fromRoutes(handler) : handler;
  const log: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let plan: FaultPlan = {};
  let planStart = 0;
  let ruleUses: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const setFaults = (next: FaultPlan | (Fault | null)[]) => {
    plan = Array.isArray(next) ? { sequence: next } : next;
    planStart = log.length;
    ruleUses = (plan.rules ?? []).map(() => 0);
  };
  setFaults(faults);

  const pick = (request: RecordedRequest): Fault | undefined => {
    const fromSequence = plan.sequence?.[request.index - planStart];
    if (fromSequence) return fromSequence;
    const rules = plan.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (ruleUses[i] >= (rule.times ?? Infinity) || !matches(rule.when, request)) continue;
      ruleUses[i]++;
      return rule.fault;
    }
    return undefined;
  };

  const wait = (ms: number) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  async function answer(req: IncomingMessage, res: ServerResponse, request: RecordedRequest): Promise<void> {
    const fault = pick(request);
    request.fault = fault?.kind;
    await wait((options.latencyMs ?? 0) + (fault?.kind === 'latency' ? fault.ms : 0));
    if (res.destroyed) return;
    switch (fault?.kind) {
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        res.writeHead(fault.status, headers).end(fault.body ?? JSON.stringify({ error: `injected HTTP ${fault.status}` }));
        return;
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' }).end(fault.body ?? MALFORMED_JSON);
        return;
      case 'endless': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(65_536, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.write('[');
        pump();
        return;
      }
    }
    const reply = encode(await handle(request));
    if (fault?.kind === 'truncate') {
      const half = reply.text.slice(0, Math.floor(reply.text.length / 2));
      if (fault.cut) {
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.text)) });
        res.write(half, () => req.socket.destroy());
        return;
      }
      res.writeHead(reply.status, reply.headers).end(half);
      return;
    }
    res.writeHead(reply.status, reply.headers).end(reply.text);
  }

  const server = createServer((req, res) => {
    const request: RecordedRequest = {
      index: log.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      url: new URL(req.url ?? '/', 'http://127.0.0.1'),
      headers: req.headers,
      body: '',
      at: performance.now(),
    };
    log.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      request.body = Buffer.concat(chunks).toString('utf8');
      answer(req, res, request).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`handler failed: ${String(error)}`);
        else res.destroy();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: {
      get count() {
        return log.length;
      },
      get log() {
        return log;
      },
      get maxInFlight() {
        return maxInFlight;
      },
      get inFlight() {
        return inFlight;
      },
      clear() {
        log.length = 0;
        maxInFlight = inFlight;
        planStart = 0;
      },
    },
    setFaults,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
