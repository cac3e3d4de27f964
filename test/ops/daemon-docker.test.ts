// The watchdog against a real private dockerd and the offline storagenode stand-in: a joined node
// whose container is killed is restarted by the daemon and the event log shows it; a node stopped
// with `depin stop` is left alone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerClient } from '../../src/system/docker.js';
import { tempHome } from '../helpers/cli.js';
import { startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { STORAGENODE_IMAGE, buildStandInImages } from '../helpers/stand-in-images.js';
import { readEvents, runCli, startDaemon, waitForEvents, writeConfig, type RunningDaemon } from './daemon-harness.js';
import { markJoined } from '../helpers/joined.js';

const started = await startDockerd();
let skip: string | false = started.ok ? false : started.skip;
const dockerd: Dockerd | undefined = started.ok ? started.dockerd : undefined;
if (dockerd) {
  const built = await buildStandInImages(dockerd.env);
  if (!built.ok) skip = built.skip;
  else if (!dockerd.ports) skip = 'no bridge here, so the stand-in dashboard cannot be reached and the node never reads as running';
}
after(() => dockerd?.stop());
const docker = dockerClient({ env: dockerd?.env });
const work = mkdtempSync(join(tmpdir(), 'depin-watchdog-'));
after(() => rmSync(work, { recursive: true, force: true }));
const home = tempHome();
after(() => home.cleanup());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function running(): Promise<boolean> {
  const found = await docker.inspectContainer('storagenode');
  return found.ok && !!found.value && found.value.state.running;
}

describe('watchdog on a real dockerd', { skip }, () => {
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    DOCKER_HOST: dockerd?.env.DOCKER_HOST,
    DOCKER_CONFIG: dockerd?.env.DOCKER_CONFIG,
    DEPIN_SECRETS_BACKEND: 'file',
  };
  let daemon: RunningDaemon;
  before(async () => {
    const identity = join(work, 'identity');
    const storage = join(work, 'storage');
    mkdirSync(identity);
    mkdirSync(storage);
    for (const f of ['ca.cert', 'ca.key', 'identity.cert', 'identity.key']) writeFileSync(join(identity, f), `-----BEGIN ${f}-----\n`);
    chownSync(storage, 1000, 1000);
    const mounts = [
      { source: identity, target: '/app/identity' },
      { source: storage, target: '/app/config' },
    ];
    const setup = await docker.runOnce({
      name: 'storagenode-setup',
      image: STORAGENODE_IMAGE,
      ports: [],
      mounts,
      env: { SETUP: 'true' },
      user: '1000:1000',
      restart: 'no',
    });
    assert.ok(setup.ok && setup.value.exitCode === 0, JSON.stringify(setup));
    const dashboardPort = await freePort();
    const resource = {
      kind: 'container' as const,
      name: 'storagenode',
      image: STORAGENODE_IMAGE,
      ports: [{ host: '127.0.0.1', hostPort: dashboardPort, containerPort: 14002, protocol: 'tcp' as const }],
      mounts: mounts.map((m) => ({ ...m, readOnly: false })),
      env: { WALLET: '0x9aBd6bC2A1F3e5C2E0f6b6D7d3E1B2c4D5e6F708', EMAIL: 'operator@example.org', ADDRESS: 'node.example.org:28967', STORAGE: '2TB' },
      secretEnv: {},
      user: '1000:1000',
      // No restart policy: only the watchdog may bring it back.
      restart: 'no' as const,
      stopTimeoutSeconds: 2,
    };
    const run = await docker.createAndStart({ ...resource, restart: 'no' });
    assert.ok(run.ok, JSON.stringify(run));
    markJoined(env, 'storj', [resource], { answers: { dashboardPort: String(dashboardPort) } });
    writeConfig(env, { 'watchdog.failuresBeforeRestart': 2, 'watchdog.backoffSeconds': 1, 'watchdog.recoveryChecks': 1 });
    daemon = await startDaemon(env);
  });
  after(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
  });

  test('the node reads as running', async () => {
    await waitForEvents(env, (es) => es.some((e) => e.network === 'storj' && e.kind === 'health' && e.data?.to === 'running'), 30_000, daemon);
  });

  test('a killed container is restarted by the daemon and the log shows it', async () => {
    const killed = spawnSync('docker', ['kill', 'storagenode'], { env: dockerd!.env, encoding: 'utf8' });
    assert.equal(killed.status, 0, killed.stderr);
    const events = await waitForEvents(
      env,
      (es) => {
        const storj = es.filter((e) => e.network === 'storj');
        const restart = storj.findIndex((e) => e.kind === 'restart');
        return restart >= 0 && storj.slice(restart).some((e) => e.kind === 'health' && e.data?.to === 'running');
      },
      40_000,
      daemon,
    );
    const kinds = events.filter((e) => e.network === 'storj').map((e) => `${e.kind}:${e.data?.to ?? ''}`);
    assert.ok(kinds.indexOf('health:stopped') < kinds.indexOf('restart:'), kinds.join(' '));
    assert.ok(await running());
    const cli = await runCli(['events', '--network', 'storj'], { env });
    assert.equal(cli.code, 0);
    assert.match(cli.stdout, /restart/);
  });

  test('a node stopped with depin stop is left alone', async () => {
    const seen = (await readEvents(env, 'storj')).length;
    const stop = await runCli(['stop', 'storj'], { env, timeoutMs: 60_000 });
    assert.equal(stop.code, 0, stop.stderr);
    const restartsBefore = (await readEvents(env, 'storj')).filter((e) => e.kind === 'restart').length;
    // The daemon may see the container stop a moment before the stop is recorded; either way it must not act.
    await waitForEvents(
      env,
      (es) =>
        es
          .filter((e) => e.network === 'storj')
          .slice(seen)
          .some((e) => e.kind === 'health' && e.data?.to === 'stopped'),
      20_000,
      daemon,
    );
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(await running(), false);
    const after = await readEvents(env, 'storj');
    assert.equal(after.filter((e) => e.kind === 'restart').length, restartsBefore);
    assert.ok(!after.some((e) => e.kind.startsWith('alert')));
  });
});
