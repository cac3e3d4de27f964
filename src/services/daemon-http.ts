import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface DaemonHttpHandlers {
  metrics(): Promise<{ contentType: string; body: string }>;
  /** The document `depin status --json` prints, from the last cycle; undefined before the first. */
  status(): unknown | undefined;
  /** Undefined when healthy, else why not (the last cycle is too old). */
  unhealthy(): string | undefined;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  // Hashing first makes both sides equal length, so the comparison time says nothing about the token.
  const a = createHash('sha256').update(m[1].trim()).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

/** /metrics, /status and /healthz. With a token every path asks for `Authorization: Bearer <token>`. */
export function daemonServer(handlers: DaemonHttpHandlers, token: string | undefined): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://daemon').pathname;
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET\n');
      if (token && !tokenMatches(req.headers.authorization, token)) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, 'text/plain', 'a bearer token is required\n');
      }
      if (path === '/metrics') {
        const { contentType, body } = await handlers.metrics();
        return send(res, 200, contentType, body);
      }
      if (path === '/status') {
        const doc = handlers.status();
        if (doc === undefined) return send(res, 503, 'application/json', `${JSON.stringify({ error: 'no health check has finished yet' })}\n`);
        return send(res, 200, 'application/json', `${JSON.stringify(doc, null, 2)}\n`);
      }
      if (path === '/healthz') {
        const why = handlers.unhealthy();
        return why ? send(res, 503, 'text/plain', `${why}\n`) : send(res, 200, 'text/plain', 'ok\n');
      }
      send(res, 404, 'text/plain', 'not found: try /metrics, /status or /healthz\n');
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `${(error as Error).message}\n`);
      else res.destroy();
    });
  });
}

export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
