// `depin daemon` taking earnings snapshots from a loopback Arweave gateway (the real reader, the
// real history file): one at start, none when the interval is 0, a chain that is down is an event
// with the reason redacted, and SIGTERM in the middle of a slow snapshot stores nothing half-read.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { tempHome } from '../helpers/cli.js';
import { freePort } from '../helpers/anvil.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { arweaveAddress, startLoopbackArweave, type LoopbackArweave } from '../helpers/loopback-arweave.js';
import { which } from '../../src/system/which.js';
import { resolvePaths } from '../../src/store/paths.js';
import { readEvents, runCli, startDaemon, waitForEvents, writeConfig, type RunningDaemon } from './daemon-harness.js';

const wallet = arweaveAddress('daemon-snapshots');
const WINSTON = 1_000_000_000_000n;
const servers: { close(): Promise<void> }[] = [];
const homes: { cleanup(): void }[] = [];
const daemons: RunningDaemon[] = [];
after(async () => {
  for (const d of daemons) d.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.close()));
  for (const h of homes) h.cleanup();
});

// CoinGecko's simple price answer shape (composed: {id: {usd}}), AR at 10 USD.
async function prices(): Promise<FaultServer> {
  const server = await startFaultServer([{ path: '/simple/price', handle: () => ({ body: { arweave: { usd: 10 } } }) }]);
  servers.push(server);
  return server;
}

async function gateway(latencyMs = 0): Promise<LoopbackArweave> {
  const server = await startLoopbackArweave({ wallets: { [wallet]: 2n * WINSTON } }, { latencyMs });
  servers.push(server);
  return server;
}

/** A data folder tracking one Arweave wallet, reading `rpc` with no retries. */
async function home(rpc: string, config: Record<string, string | number> = {}): Promise<NodeJS.ProcessEnv> {
  const h = tempHome();
  homes.push(h);
  const env: NodeJS.ProcessEnv = {
    ...h.env,
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    DEPIN_SECRETS_BACKEND: 'file',
    DEPIN_RPC_ARWEAVE: rpc,
    DEPIN_PRICES_URL: (await prices()).url,
  };
  writeConfig(env, { 'http.retries': 0, 'http.timeoutMs': 3000, ...config });
  const added = await runCli(['wallet', 'add', wallet, '--network', 'arweave'], { env });
  assert.equal(added.code, 0, added.stderr);
  return env;
}

function snapshotRows(env: NodeJS.ProcessEnv): { taken_at: number; raw: string }[] {
  const db = new Database(resolvePaths(env).dbFile, { readonly: true });
  try {
    return db.prepare('SELECT taken_at, raw FROM snapshots ORDER BY taken_at').all() as { taken_at: number; raw: string }[];
  } finally {
    db.close();
  }
}

async function metrics(d: RunningDaemon): Promise<string> {
  return (await fetch(`http://127.0.0.1:${d.port}/metrics`)).text();
}

describe('depin daemon earnings snapshots', { timeout: 120_000 }, () => {
  test('a snapshot at start lands in the history, the event log and /metrics (promtool accepts them)', async (t) => {
    const chain = await gateway();
    const env = await home(chain.url);
    // An earlier reading of 1 AR a day ago, so the last 24 h show 1 AR earned.
    chain.state.wallets[wallet] = WINSTON;
    const first = await runCli(['earnings', '--json'], { env });
    assert.equal(first.code, 0, first.stderr);
    const db = new Database(resolvePaths(env).dbFile);
    db.prepare('UPDATE snapshots SET taken_at = taken_at - 82800000').run();
    db.close();
    chain.state.wallets[wallet] = 2n * WINSTON;

    const daemon = await startDaemon(env);
    daemons.push(daemon);
    const events = await waitForEvents(env, (es) => es.some((e) => e.kind === 'earnings-snapshot'), 30_000, daemon);
    const snap = events.find((e) => e.kind === 'earnings-snapshot')!;
    assert.equal(snap.data?.outcome, 'ok', snap.detail);
    assert.equal(snap.data?.stored, 1);
    assert.match(snap.detail, /1 of 1 balance read/);
    const rows = snapshotRows(env);
    assert.equal(rows.length, 2);
    assert.equal(rows[1].raw, (2n * WINSTON).toString());

    const text = await metrics(daemon);
    const labels = `network="arweave",chain="arweave",wallet="${wallet}",symbol="AR"`;
    assert.match(text, new RegExp(`^depin_wallet_balance\\{${labels}\\} 2$`, 'm'));
    assert.match(text, new RegExp(`^depin_wallet_balance_value\\{${labels},currency="usd"\\} 20$`, 'm'));
    assert.match(text, /^depin_earnings_24h\{network="arweave",chain="arweave",symbol="AR"\} 1$/m);
    assert.match(text, /^depin_earnings_24h_value\{network="arweave",currency="usd"\} 10$/m);
    const lastRead = /^depin_balance_last_read_timestamp_seconds\{network="arweave",chain="arweave"\} (\d+)$/m.exec(text);
    assert.ok(lastRead, text);
    assert.equal(Number(lastRead[1]), Math.floor(rows[1].taken_at / 1000));
    assert.match(text, /^depin_earnings_snapshots_total\{outcome="ok"\} 1$/m);
    assert.match(text, /^depin_earnings_snapshots_total\{outcome="failed"\} 0$/m);
    if (!which('promtool')) return t.skip('promtool is not installed (Debian: apt-get install prometheus)');
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });

  test('daemon.earningsIntervalMinutes 0: no snapshot, and the gateway is never asked', async () => {
    const chain = await gateway();
    const env = await home(chain.url, { 'daemon.earningsIntervalMinutes': 0 });
    const daemon = await startDaemon(env);
    daemons.push(daemon);
    // Three health cycles (every second) pass.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await readEvents(env)).filter((e) => e.kind === 'earnings-snapshot').length, 0);
    assert.equal(chain.requests.count, 0);
    assert.match(daemon.stderr(), /earnings snapshots are off/);
    assert.match(await metrics(daemon), /^depin_earnings_snapshots_total\{outcome="ok"\} 0$/m);
  });

  test('a chain that is down is a partial snapshot event with the credentials masked; the daemon carries on', async () => {
    const closed = await freePort();
    const env = await home(`http://depin:S3cretPassw0rd@127.0.0.1:${closed}`);
    const daemon = await startDaemon(env);
    daemons.push(daemon);
    const events = await waitForEvents(env, (es) => es.some((e) => e.kind === 'earnings-snapshot'), 30_000, daemon);
    const snap = events.find((e) => e.kind === 'earnings-snapshot')!;
    assert.equal(snap.data?.outcome, 'partial', snap.detail);
    assert.equal(snap.data?.readFailures, 1);
    assert.equal(snap.data?.stored, 0);
    assert.match(String(snap.data?.failures), /^arweave unreachable: /);
    assert.equal(daemon.child.exitCode, null, 'still running');
    assert.equal((await fetch(`http://127.0.0.1:${daemon.port}/healthz`)).status, 200);
    const text = await metrics(daemon);
    assert.match(text, /^depin_balance_read_errors_total\{chain="arweave",kind="unreachable"\} 1$/m);
    assert.match(text, /^depin_earnings_snapshots_total\{outcome="partial"\} 1$/m);
    const everything = JSON.stringify(await readEvents(env)) + daemon.stderr() + text;
    assert.doesNotMatch(everything, /S3cretPassw0rd/);
    assert.equal(snapshotRows(env).length, 0);
  });

  test('SIGTERM during a slow snapshot: health cycles go on meanwhile, exit 0 within seconds, nothing half-written', async () => {
    const chain = await gateway(30_000);
    const env = await home(chain.url, { 'http.timeoutMs': 60_000 });
    const daemon = await startDaemon(env);
    daemons.push(daemon);
    const deadline = Date.now() + 20_000;
    while (chain.requests.inFlight === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(chain.requests.inFlight > 0, 'the snapshot reached the gateway');
    const cycles = async () => Number(/^depin_daemon_cycles_total (\d+)$/m.exec(await metrics(daemon))?.[1] ?? 0);
    const before = await cycles();
    await new Promise((r) => setTimeout(r, 2200));
    assert.ok((await cycles()) >= before + 1, 'health cycles are not held up by the snapshot');
    assert.ok(chain.requests.inFlight > 0, 'the snapshot is still in flight');

    const sent = Date.now();
    daemon.child.kill('SIGTERM');
    const end = await daemon.exited;
    assert.equal(end.code, 0, daemon.stderr());
    assert.ok(end.at - sent < 5000, `took ${end.at - sent} ms`);
    const db = new Database(resolvePaths(env).dbFile, { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM snapshots').get() as { n: number }).n, 0);
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM read_failures').get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
    const events = await readEvents(env);
    const snap = events.find((e) => e.kind === 'earnings-snapshot');
    assert.equal(snap?.data?.outcome, 'cancelled', JSON.stringify(events));
    assert.equal(events.at(-1)?.kind, 'daemon-stopped');
  });

  test('a bad interval is refused by config set (exit 2) and nothing is written', async () => {
    const env = await home('http://127.0.0.1:9');
    for (const bad of ['-1', 'hourly', '10081', '1.5']) {
      const r = await runCli(['config', 'set', 'daemon.earningsIntervalMinutes', bad], { env });
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /daemon\.earningsIntervalMinutes/);
    }
    const shown = await runCli(['config', 'get', 'daemon.earningsIntervalMinutes'], { env });
    assert.equal(shown.stdout.trim(), '60');
  });
});
