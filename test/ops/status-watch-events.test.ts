// depin status --watch (plain lines when not on a terminal) and depin events on its own.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, runCli, tempHome } from '../helpers/cli.js';
import { resolvePaths } from '../../src/store/paths.js';
import { openEventLog } from '../../src/store/events-db.js';
import { markJoined } from '../helpers/joined.js';

const home = tempHome();
after(() => home.cleanup());
const env = { ...home.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

test('status --watch prints a plain line per node per interval when stdout is not a terminal', async () => {
  markJoined(env, 'arweave', []);
  const child = spawn(process.execPath, [BIN, 'status', '--watch', '--interval', '1s'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (out.split('\n').filter(Boolean).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  // A machine with NVIDIA GPUs adds a "gpu" line per GPU per interval; the node lines are what is checked here.
  const lines = out.split('\n').filter((l) => l && !/^\S+ \S+ gpu /.test(l));
  assert.ok(lines.length >= 2, out);
  for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d arweave [a-z-]+/);
  assert.ok(!out.includes('\u001b['), 'no escape codes off a terminal');
});

test('status --watch with --json or a bad interval is a usage error', async () => {
  assert.equal((await runCli(['status', '--watch', '--json'], { env })).code, 2);
  const bad = await runCli(['status', '--watch', '--interval', 'soon'], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--interval "soon" is not an interval/);
});

test('events: no history yet means no events and no file created', async () => {
  const other = tempHome();
  try {
    const r = await runCli(['events', '--json'], { env: other.env });
    assert.equal(r.code, 0);
    assert.deepEqual(r.json().events, []);
    assert.equal(existsSync(resolvePaths(other.env).dbFile), false);
  } finally {
    other.cleanup();
  }
});

test('events filters by time and network, and rejects bad input', async () => {
  const log = await openEventLog(resolvePaths(env).dbFile);
  const now = Date.now();
  log.append([
    { at: now - 3 * 86_400_000, network: 'storj', kind: 'restart', detail: 'old restart' },
    { at: now - 60_000, network: 'storj', kind: 'health', detail: 'running → stopped', data: { from: 'running', to: 'stopped' } },
    { at: now - 30_000, network: 'arweave', kind: 'alert-sent', detail: 'down alert sent to webhook' },
  ]);
  log.close();
  const day = (await runCli(['events', '--json'], { env })).json();
  assert.deepEqual(
    day.events.map((e: { detail: string }) => e.detail),
    ['running → stopped', 'down alert sent to webhook'],
  );
  assert.deepEqual(day.events[0].data, { from: 'running', to: 'stopped' });
  const week = (await runCli(['events', '--json', '--since', '7d', '--network', 'storj'], { env })).json();
  assert.deepEqual(
    week.events.map((e: { kind: string }) => e.kind),
    ['restart', 'health'],
  );
  const table = await runCli(['events'], { env });
  assert.equal(table.code, 0);
  assert.match(table.stdout, /alert-sent/);
  for (const args of [
    ['--since', 'yesterday'],
    ['--network', 'Bad Id'],
  ]) {
    const r = await runCli(['events', ...args], { env });
    assert.equal(r.code, 2, r.stderr);
  }
});
