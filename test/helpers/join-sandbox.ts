/**
 * One throwaway machine for the end-to-end join tests of the built CLI: a private home, a folder of
 * fake executables first on PATH, and loopback HTTP servers. With `unprivileged`, a test that runs as
 * root runs the CLI as `nobody`, so depin takes its user-scope paths (a user unit under
 * $XDG_CONFIG_HOME) and never writes into /etc.
 */
import { chownSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { runCli, tempHome, type CliResult } from './cli.js';

const NOBODY = { uid: 65534, gid: 65534 };

export interface JoinSandbox {
  dir: string;
  /** Folder of fake executables, first on PATH. */
  bin: string;
  env: NodeJS.ProcessEnv;
  /** DEPIN_HOME/data and DEPIN_HOME/config. */
  data: string;
  config: string;
  /** The user the CLI runs as, when not the test's own. */
  user?: { uid: number; gid: number };
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Every file depin keeps (config, records, wallets, history, secrets), as text, for greps. */
  storedText(): string;
  cleanup(): void;
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!lstatSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
  });
}

export function joinSandbox(options: { unprivileged?: boolean; env?: NodeJS.ProcessEnv } = {}): JoinSandbox {
  const home = tempHome();
  const bin = join(home.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...home.env, PATH: `${bin}:${home.env.PATH ?? '/usr/bin:/bin'}`, ...options.env };
  // The keychain is not what these tests are about, and a bus reachable by root is not nobody's.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const user = options.unprivileged && process.getuid?.() === 0 ? NOBODY : undefined;
  const depinHome = env.DEPIN_HOME as string;
  return {
    dir: home.dir,
    bin,
    env,
    data: join(depinHome, 'data'),
    config: join(depinHome, 'config'),
    user,
    run(args, extraEnv) {
      if (user) chownTree(home.dir, user.uid, user.gid);
      return runCli(args, { env: { ...env, ...extraEnv }, user });
    },
    storedText() {
      return filesUnder(depinHome)
        .map((path) => `${path}\n${readFileSync(path).toString('latin1')}`)
        .join('\n');
    },
    cleanup: home.cleanup,
  };
}

export interface Loopback {
  url: string;
  port: number;
  /** Request paths in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (port 0 unless given); `handler` answers every request. */
export async function serveLoopback(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<Loopback> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a TCP port can be bound on every address (what depin's own port check does). */
export function tcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** stdout and stderr of several runs, for greps that must find no secret anywhere. */
export function allOutput(results: CliResult[]): string {
  return results.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
}
