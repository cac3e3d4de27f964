import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests run from dist/test/helpers; the binary comes from the @foundry-rs/anvil dev dependency.
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
// The platform package's binary itself, so that stopping it stops anvil (the npm wrapper script
// would leave the binary behind as a zombie); the wrapper is the fallback.
const NATIVE_ANVIL = new URL(`../../../node_modules/@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}/bin/anvil`, import.meta.url)
  .pathname;
const ANVIL = existsSync(NATIVE_ANVIL) ? NATIVE_ANVIL : new URL('../../../node_modules/.bin/anvil', import.meta.url).pathname;

/** A running anvil node on loopback. */
export interface Anvil {
  url: string;
  chainId: number;
  /** One JSON-RPC call; throws on a JSON-RPC error (test setup wants to fail loudly). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago: listen on port 0, note what the OS gave, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rpcCall<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(killer);
}

async function launch(port: number, chainId: number, home: string): Promise<Anvil> {
  const args = ['--port', String(port), '--host', '127.0.0.1', '--chain-id', String(chainId), '--silent'];
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') };
  const child = spawn(ANVIL, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15_000;
  while (true) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`anvil exited early: ${stderr.trim()}`);
    try {
      const answer = await rpcCall<string>(url, 'eth_chainId');
      if (Number(answer) !== chainId) throw new Error(`anvil on ${port} answers chain ${Number(answer)}, not ${chainId}`);
      break;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('anvil on')) {
        await stopProcess(child);
        throw error;
      }
      if (Date.now() > deadline) {
        await stopProcess(child);
        throw new Error(`anvil did not answer on ${url} within 15 s: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    url,
    chainId,
    rpc: (method, params) => rpcCall(url, method, params),
    async stop() {
      await stopProcess(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Starts anvil on loopback with its own temporary HOME. A free port is picked unless one is given;
 * if another process grabs it before anvil binds, a new one is tried.
 */
export async function startAnvil({ chainId, port }: { chainId: number; port?: number }): Promise<Anvil> {
  const home = mkdtempSync(join(tmpdir(), 'depin-anvil-'));
  for (let attempt = 0; ; attempt++) {
    try {
      return await launch(port ?? (await freePort()), chainId, home);
    } catch (error) {
      if (port !== undefined || attempt >= 2) {
        rmSync(home, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** What the proxy does to the next HTTP request it receives. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Drops the connection without an answer. */
  | { kind: 'reset' }
  /** Forwards, then cuts the JSON answer in half. */
  | { kind: 'truncate' }
  /** Never answers (until the proxy stops). */
  | { kind: 'hang' }
  /** Forwards, then replaces the parsed JSON answer. */
  | { kind: 'rewrite'; edit: (answer: unknown) => unknown };

/** One HTTP request the proxy saw, with the JSON-RPC calls it carried. */
export interface ProxiedRequest {
  path: string;
  calls: { method: string; params: unknown[] }[];
  fault?: Fault['kind'];
}

/** A loopback HTTP proxy in front of a JSON-RPC node that counts requests and injects faults. */
export interface RpcProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Queues faults: each one applies to one upcoming request, in order. */
  inject(...faults: Fault[]): void;
  stop(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const faults: Fault[] = [];
  const requests: ProxiedRequest[] = [];
  const server = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = [];
    }
    const calls = (Array.isArray(parsed) ? parsed : [parsed]) as { method: string; params: unknown[] }[];
    const fault = faults.shift();
    requests.push({ path: req.url ?? '/', calls: calls.map(({ method, params }) => ({ method, params })), fault: fault?.kind });
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      return void res.end(fault.body ?? '');
    }
    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      let text = await upstream.text();
      if (fault?.kind === 'truncate') text = text.slice(0, Math.floor(text.length / 2));
      if (fault?.kind === 'rewrite') text = JSON.stringify(fault.edit(JSON.parse(text)));
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(text);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy could not reach ${target}: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (...more) => void faults.push(...more),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
