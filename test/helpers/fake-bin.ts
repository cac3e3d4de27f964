/**
 * Fake executables for tools a test machine lacks (nvidia-smi, a Docker engine, kubectl). Each one
 * records its argv as one JSON line in `<dir>/<name>.argv.log` and replays recorded output.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one call prints and how it exits. */
export interface FakeReply {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** A file whose contents become stdout (recorded real output). */
  stdoutFile?: string;
  /** After replying, keep running until killed (a `journalctl -f` that never ends by itself). */
  stayAlive?: boolean;
}

export interface FakeBinSpec extends FakeReply {
  /**
   * Replies chosen by argv: the first whose `when` arguments all appear in argv is used; the
   * top-level reply answers every other call.
   */
  responses?: (FakeReply & { when: string[] })[];
  /** Read all of stdin and append it to `<dir>/<name>.stdin.log` (to prove what travelled on stdin). */
  recordStdin?: boolean;
}

// The runner is plain CommonJS so that it works from any folder, whatever package.json is near.
const RUNNER = `'use strict';
const fs = require('node:fs');
const [specPath, logPath] = process.argv.slice(2, 4);
const argv = process.argv.slice(4);
fs.appendFileSync(logPath, JSON.stringify(argv) + '\\n');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
if (spec.recordStdin) {
  let input = '';
  try { input = fs.readFileSync(0, 'utf8'); } catch {}
  fs.appendFileSync(logPath.replace(/\\.argv\\.log$/, '.stdin.log'), input);
}
const reply = (spec.responses || []).find((r) => r.when.every((w) => argv.includes(w))) || spec;
const out = reply.stdoutFile ? fs.readFileSync(reply.stdoutFile, 'utf8') : reply.stdout || '';
if (out) fs.writeSync(1, out);
if (reply.stderr) fs.writeSync(2, reply.stderr);
process.exitCode = reply.exitCode || 0;
if (reply.stayAlive) setInterval(() => {}, 1000);
`;

/** Writes `<dir>/<name>`, an executable that logs its argv and replies as `spec` says. Returns its path. */
export function createFakeBin(dir: string, name: string, spec: FakeBinSpec = {}): string {
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, '.fake-bin-runner.cjs');
  if (!existsSync(runner)) writeFileSync(runner, RUNNER);
  const specPath = join(dir, `.${name}.spec.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const path = join(dir, name);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(path, `#!/bin/sh\nexec ${q(process.execPath)} ${q(runner)} ${q(specPath)} ${q(argvLogPath(dir, name))} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Everything the fake `name` read on stdin (with recordStdin), in call order; '' when none. */
export function readStdin(dir: string, name: string): string {
  const path = join(dir, `${name}.stdin.log`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

export function argvLogPath(dir: string, name: string): string {
  return join(dir, `${name}.argv.log`);
}

/** Every argv the fake `name` was called with, in call order; [] when it was never called. */
export function readArgv(dir: string, name: string): string[][] {
  const path = argvLogPath(dir, name);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as string[]);
}
