// `depin daemon` as a real child process: a node that cannot be brought back is restarted, given up
// on and alerted once to a loopback webhook that fails twice; the endpoints; one daemon per data
// folder; SIGTERM mid-cycle leaves the history intact; kill -9 and a restart continue the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { tempHome } from '../helpers/cli.js';
import { which } from '../../src/system/which.js';
import { resolvePaths } from '../../src/store/paths.js';
import { readEvents, runCli, startDaemon, waitForEvents, writeConfig, type RunningDaemon } from './daemon-harness.js';
import { markJoined } from '../helpers/joined.js';

const home = tempHome();
after(() => home.cleanup());
const env: NodeJS.ProcessEnv = { ...home.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', DEPIN_SECRETS_BACKEND: 'file' };
const hookHits: string[] = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    hookHits.push(body);
    res.writeHead(hookHits.length <= 2 ? 502 : 200).end();
  });
});
await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => hook.close(() => resolve())));

describe('depin daemon (process)', () => {
  let daemon: RunningDaemon;
  before(async () => {
    writeConfig(env, {
      'watchdog.failuresBeforeRestart': 1,
      'watchdog.maxRestarts': 1,
      'watchdog.backoffSeconds': 1,
      'watchdog.healthTimeoutSeconds': 5,
      'alerts.webhookUrl': `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
    });
    markJoined(env, 'storj', [
      { kind: 'container', name: 'storagenode', image: 'storjlabs/storagenode:latest', ports: [], mounts: [], env: {}, secretEnv: {}, restart: 'no' },
    ]);
    daemon = await startDaemon(env);
  });
  after(() => daemon?.child.kill('SIGKILL'));

  test('a node that stays down is restarted, given up on, and alerted exactly once', async () => {
    const events = await waitForEvents(env, (es) => es.some((e) => e.kind === 'alert-sent'), 30_000, daemon);
    const storj = events.filter((e) => e.network === 'storj').map((e) => e.kind);
    assert.equal(storj[0], 'health');
    assert.ok(storj.includes('restart-failed'), storj.join(','));
    assert.equal(storj.filter((k) => k === 'watchdog-gave-up').length, 1);
    // More cycles pass: still one alert.
    await new Promise((r) => setTimeout(r, 2500));
    const later = await readEvents(env, 'storj');
    assert.equal(later.filter((e) => e.kind === 'alert-sent').length, 1);
    assert.equal(later.filter((e) => e.kind === 'alert-failed').length, 0);
    assert.equal(hookHits.length, 3, 'two failed attempts, one delivered');
    const payload = JSON.parse(hookHits[2]);
    assert.equal(payload.kind, 'down');
    assert.equal(payload.network, 'storj');
  });

  test('/metrics, /status and /healthz answer; promtool accepts the metrics', async (t) => {
    const base = `http://127.0.0.1:${daemon.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /^depin_node_up\{network="storj"\} 0$/m);
    assert.match(metrics, /^depin_node_health_state\{network="storj",state="running"\} 0$/m);
    assert.match(metrics, /^depin_watchdog_actions_total\{network="storj",action="give-up"\} 1$/m);
    assert.match(metrics, /^depin_alerts_total\{channel="webhook",outcome="sent"\} 1$/m);
    assert.match(metrics, /^depin_health_check_errors_total\{network="storj",kind="[a-z-]+"\} \d+$/m);
    const status = await (await fetch(`${base}/status`)).json();
    assert.equal(status.nodes[0].network, 'storj');
    assert.equal(status.nodes[0].needsAttention, true);
    const cli = await runCli(['status', '--json'], { env });
    assert.deepEqual(Object.keys(cli.json().nodes[0]).sort(), Object.keys(status.nodes[0]).sort(), 'same document as depin status --json');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
    if (!which('promtool')) return t.skip('promtool is not installed (Debian: apt-get install prometheus)');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });

  test('a second daemon on the same data folder refuses and names the pid', async () => {
    const second = await runCli(['daemon', '--listen', '127.0.0.1:0'], { env, timeoutMs: 20_000 });
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`pid ${daemon.child.pid}\\b`));
  });

  test('listening off loopback without a token is refused (exit 4)', async () => {
    const other = tempHome();
    try {
      const r = await runCli(['daemon', '--listen', '0.0.0.0:0'], { env: { ...other.env, DEPIN_SECRETS_BACKEND: 'file' }, timeoutMs: 20_000 });
      assert.equal(r.code, 4);
      assert.match(r.stderr, /no token is set/);
    } finally {
      other.cleanup();
    }
  });

  test('bad flags are usage errors', async () => {
    for (const args of [
      ['--interval', '0s'],
      ['--listen', 'nowhere'],
    ]) {
      const r = await runCli(['daemon', ...args], { env, timeoutMs: 20_000 });
      assert.equal(r.code, 2, r.stderr);
    }
  });

  test('SIGTERM mid-cycle stops it within seconds with exit 0 and an intact history', async () => {
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    daemon.child.kill('SIGTERM');
    const end = await daemon.exited;
    assert.equal(end.code, 0, daemon.stderr());
    assert.ok(end.at - sent < 5000, `took ${end.at - sent} ms`);
    const db = new Database(resolvePaths(env).dbFile, { readonly: true });
    try {
      assert.deepEqual(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
    const events = await readEvents(env);
    assert.equal(events.at(-1)?.kind, 'daemon-stopped');
  });

  test('after kill -9 a new daemon takes the lock over and the log continues without repeating the state', async () => {
    const first = await startDaemon(env);
    await waitForEvents(env, (es) => es.filter((e) => e.kind === 'daemon-started').length === 2, 20_000, first);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    await first.exited;
    const before = (await readEvents(env)).length;
    const second = await startDaemon(env);
    try {
      await waitForEvents(env, (es) => es.filter((e) => e.kind === 'daemon-started').length === 3, 20_000, second);
      await new Promise((r) => setTimeout(r, 1500));
      const after = (await readEvents(env)).slice(before);
      assert.ok(!after.some((e) => e.kind === 'health' && e.network === 'storj'), 'the known state is not logged again');
      const cli = await runCli(['events', '--json', '--network', 'storj'], { env });
      assert.equal(cli.code, 0);
      assert.ok(cli.json().events.length >= 3);
    } finally {
      second.child.kill('SIGTERM');
      assert.equal((await second.exited).code, 0);
    }
  });
});
