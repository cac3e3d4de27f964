// A real Prometheus on loopback scrapes two `depin daemon` processes (two data folders) every second:
// a PromQL query answers one series per daemon, and a daemon that stops reads as up == 0.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempHome } from '../helpers/cli.js';
import { which } from '../../src/system/which.js';
import { startDaemon, writeConfig, type RunningDaemon } from './daemon-harness.js';
import { markJoined } from '../helpers/joined.js';

const prometheusPath = which('prometheus');
const skip = prometheusPath ? false : 'prometheus is not installed (Debian: apt-get install prometheus)';

interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

/** A data folder with storj joined; no Docker engine is reachable, so its node reads as down. */
function daemonHome(): NodeJS.ProcessEnv {
  const home = tempHome();
  after(() => home.cleanup());
  const env: NodeJS.ProcessEnv = { ...home.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', DEPIN_SECRETS_BACKEND: 'file' };
  writeConfig(env, { 'watchdog.failuresBeforeRestart': 100, 'watchdog.healthTimeoutSeconds': 5 });
  markJoined(env, 'storj', [
    { kind: 'container', name: 'storagenode', image: 'storjlabs/storagenode:latest', ports: [], mounts: [], env: {}, secretEnv: {}, restart: 'no' },
  ]);
  return env;
}

async function startPrometheus(dir: string, targets: string[]): Promise<{ child: ChildProcess; port: number; log(): string }> {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: depin',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    prometheusPath!,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, '--web.listen-address=127.0.0.1:0', '--log.level=info'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
    if (m) return { child, port: Number(m[1]), log: () => log };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`prometheus did not start listening:\n${log}`);
}

async function query(port: number, promql: string): Promise<Series[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const doc = (await res.json()) as { status: string; data?: { resultType: string; result: Series[] }; error?: string };
  assert.equal(doc.status, 'success', `${promql}: ${doc.error}`);
  assert.equal(doc.data!.resultType, 'vector');
  return doc.data!.result;
}

/** Polls a query until `done` holds; a generous deadline, since scrapes run on a shared machine. */
async function pollQuery(port: number, promql: string, done: (s: Series[]) => boolean, log: () => string): Promise<Series[]> {
  const deadline = Date.now() + 60_000;
  let last: Series[] = [];
  while (Date.now() < deadline) {
    last = await query(port, promql);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${promql} never matched; last answer ${JSON.stringify(last)}\n--- prometheus log:\n${log().slice(-4000)}`);
}

test('a real Prometheus scrapes two daemons and sees one stop', { skip, timeout: 180_000 }, async () => {
  const daemons: RunningDaemon[] = [];
  let prometheus: { child: ChildProcess; port: number; log(): string } | undefined;
  const promDir = tempHome();
  try {
    const envA = daemonHome();
    const envB = daemonHome();
    daemons.push(await startDaemon(envA), await startDaemon(envB));
    const [a, b] = daemons.map((d) => `127.0.0.1:${d.port}`);
    mkdirSync(promDir.dir, { recursive: true });
    prometheus = await startPrometheus(promDir.dir, [a, b]);
    const port = prometheus.port;

    const up = await pollQuery(port, 'depin_node_up{network="storj"}', (s) => s.length === 2, prometheus.log);
    assert.deepEqual(up.map((s) => s.metric.instance).sort(), [a, b].sort());
    for (const s of up) {
      assert.equal(s.metric.job, 'depin');
      assert.equal(s.value[1], '0', 'storj has no Docker engine to run on, so it is down');
    }
    // Each daemon's own counters arrive too, under its own instance.
    const cycles = await pollQuery(port, 'depin_daemon_cycles_total > 0', (s) => s.length === 2, prometheus.log);
    assert.deepEqual(cycles.map((s) => s.metric.instance).sort(), [a, b].sort());
    assert.deepEqual((await query(port, 'up{job="depin"} == 1')).map((s) => s.metric.instance).sort(), [a, b].sort());

    daemons[1].child.kill('SIGTERM');
    assert.equal((await daemons[1].exited).code, 0, daemons[1].stderr());
    await pollQuery(port, `up{instance="${b}"} == 0`, (s) => s.length === 1, prometheus.log);
    // The other one is still scraped.
    assert.deepEqual(
      (await query(port, 'up == 1')).map((s) => s.metric.instance),
      [a],
    );
  } finally {
    prometheus?.child.kill('SIGKILL');
    for (const d of daemons) d.child.kill('SIGKILL');
    await Promise.all(daemons.map((d) => d.exited));
    if (prometheus && prometheus.child.exitCode === null && prometheus.child.signalCode === null) await new Promise((r) => prometheus!.child.once('exit', r));
    promDir.cleanup();
  }
});
