import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback proxy that holds every request for a fixed latency before forwarding it, and counts them. */
export interface DelayProxy {
  /** `http://127.0.0.1:<port>` plus the path of the target (so `/rpc/v1` style endpoints keep their path). */
  url: string;
  /** HTTP requests received since start. */
  readonly count: number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts a proxy on 127.0.0.1 in front of `target` (an http URL). Each request waits `latencyMs`
 * before it is forwarded, as a remote endpoint's round trip would add; the upstream answer is
 * passed back unchanged (status, content type, body).
 */
export async function startDelayProxy(target: string, latencyMs: number): Promise<DelayProxy> {
  const upstream = new URL(target);
  const timers = new Set<NodeJS.Timeout>();
  let count = 0;
  const server = createServer(async (req, res) => {
    count++;
    try {
      const body = await bodyOf(req);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, latencyMs);
        timers.add(timer);
      });
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': String(body.length) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
          answer.pipe(res);
        },
      );
      forwarded.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy could not reach ${upstream.host}: ${error.message}`);
      });
      forwarded.end(body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const path = upstream.pathname === '/' ? '' : upstream.pathname;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    get count() {
      return count;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
