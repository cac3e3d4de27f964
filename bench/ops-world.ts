/**
 * What the status, daemon and metrics benchmarks run against: a loopback HTTP server that answers
 * every health probe after 50 ms, and data folders with N joined networks. Each network is a plugin
 * installed the way `depin plugins add` leaves one (package.json + node_modules), whose health()
 * reads its node's local API through the host's HTTP client, as the storj and arweave plugins do.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths } from '../src/store/paths.js';
import { updateJoined } from '../src/store/joined-record.js';

export const PROBE_LATENCY_MS = 50;
export const NETWORKS = 13;

export interface ProbeServer {
  url(id: string): string;
  /** Probes answered so far. */
  hits(): number;
  close(): Promise<void>;
}

/** A node API stand-in: `GET /probe/<id>` answers a small JSON status after the latency. */
export async function startProbeServer(latencyMs = PROBE_LATENCY_MS): Promise<ProbeServer> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    const id = (req.url ?? '').split('/').pop();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ node: id, version: '1.0.0', startedAt: '2026-01-01T00:00:00Z', ok: true }));
    }, latencyMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (id) => `http://127.0.0.1:${port}/probe/${id}`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const networkIds = (n: number) => Array.from({ length: n }, (_, i) => `probe-${String.fromCharCode(97 + i)}`);

function pluginSource(id: string): string {
  return `export default {
  manifest: {
    id: '${id}', name: 'Probe ${id}', version: '1.0.0', apiVersion: 2, category: 'storage', homepage: 'https://example.org',
    joinKind: 'manual', description: 'A network whose node answers its health API on loopback.',
    tokens: [{ symbol: 'ETH', chain: 'ethereum', native: true, decimals: 18 }],
  },
  requirements: {},
  async health(ctx) {
    const answer = await ctx.getJson(ctx.joined.answers.url, { timeoutMs: 5000 });
    if (answer.status !== 'ok') return { state: 'unreachable', details: [answer.reason] };
    return { state: 'running', details: ['node API answers'], version: answer.value.version, uptimeSeconds: 60 };
  },
};
`;
}

/**
 * A fresh DEPIN_HOME with `installed` plugins and the first `joined` of them joined. Everything that
 * depin would reach outside loopback points nowhere, so nothing leaves the machine.
 */
export function opsHome(probes: ProbeServer, installed: number, joined: number): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'depin-bench-ops-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    DEPIN_HOME: join(dir, 'depin'),
    DEPIN_SECRETS_BACKEND: 'file',
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    NO_COLOR: '1',
  };
  const paths = resolvePaths(env);
  const ids = networkIds(installed);
  const modules = join(paths.pluginsDir, 'node_modules');
  for (const id of ids) {
    const pkg = join(modules, `depin-plugin-${id}`);
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: `depin-plugin-${id}`, version: '1.0.0', type: 'module', exports: { '.': './index.js' } }));
    writeFileSync(join(pkg, 'index.js'), pluginSource(id));
  }
  writeFileSync(
    join(paths.pluginsDir, 'package.json'),
    JSON.stringify({ name: 'depin-plugins', private: true, dependencies: Object.fromEntries(ids.map((id) => [`depin-plugin-${id}`, 'file:.'])) }),
  );
  const now = new Date().toISOString();
  for (const id of ids.slice(0, joined))
    updateJoined(paths.data, id, () => ({
      joinedAt: now,
      updatedAt: now,
      complete: true,
      answers: { url: probes.url(id) },
      secrets: [],
      resources: [],
      applied: [],
      stoppedByUser: false,
    }));
  return env;
}
