// Runs the built CLI's `depin daemon` as a child process, as systemd would, and reads what it records.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { writeConfigFile } from '../../src/store/config-file.js';
import { resolvePaths } from '../../src/store/paths.js';
import { openEventLog } from '../../src/store/events-db.js';
import type { OpsEvent } from '../../src/core/watchdog-event.js';

export interface RunningDaemon {
  child: ChildProcess;
  port: number;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function writeConfig(env: NodeJS.ProcessEnv, values: Record<string, string | number>): void {
  const paths = resolvePaths(env);
  mkdirSync(paths.config, { recursive: true, mode: 0o700 });
  writeConfigFile(paths.configFile, values);
}

export async function startDaemon(env: NodeJS.ProcessEnv, args: string[] = []): Promise<RunningDaemon> {
  const child = spawn(process.execPath, [BIN, 'daemon', '--listen', '127.0.0.1:0', '--interval', '1s', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
    if (m) return { child, port: Number(m[1]), stderr: () => err, exited };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the daemon did not start listening:\n${err}`);
}

export async function readEvents(env: NodeJS.ProcessEnv, network?: string): Promise<OpsEvent[]> {
  const log = await openEventLog(resolvePaths(env).dbFile);
  try {
    return log.since(0, network);
  } finally {
    log.close();
  }
}

/** Polls the event log until `predicate` holds (or fails with what the log holds). */
export async function waitForEvents(
  env: NodeJS.ProcessEnv,
  predicate: (events: OpsEvent[]) => boolean,
  timeoutMs = 30_000,
  daemon?: RunningDaemon,
): Promise<OpsEvent[]> {
  const deadline = Date.now() + timeoutMs;
  let events: OpsEvent[] = [];
  while (Date.now() < deadline) {
    events = await readEvents(env);
    if (predicate(events)) return events;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `events never matched; the log holds:\n${events.map((e) => `${e.network ?? '-'} ${e.kind} ${e.detail}`).join('\n')}\n--- daemon stderr:\n${daemon?.stderr() ?? ''}`,
  );
}

export { runCli, join };
