// The Storj storage node as depin runs it (join-facts.md §4), on a real private dockerd with the
// offline storjlabs/storagenode stand-in: the one-time SETUP run, then the node with its ports,
// mounts, user, env, restart policy and 300 s stop timeout, read back through /api/sno.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerClient } from '../../src/system/docker.js';
import type { ContainerSpec } from '../../src/core/docker-run-args.js';
import { diffContainer } from '../../src/core/container-diff.js';
import { startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { STORAGENODE_IMAGE, buildStandInImages, dockerFixture } from '../helpers/stand-in-images.js';

const started = await startDockerd();
let skip: string | false = started.ok ? false : started.skip;
const dockerd: Dockerd | undefined = started.ok ? started.dockerd : undefined;
if (dockerd) {
  const built = await buildStandInImages(dockerd.env);
  if (!built.ok) skip = built.skip;
}
after(() => dockerd?.stop());
const docker = dockerClient({ env: dockerd?.env });
const work = mkdtempSync(join(tmpdir(), 'depin-storj-'));
after(() => rmSync(work, { recursive: true, force: true }));

const identity = join(work, 'identity');
const storage = join(work, 'storage');
const UID = 1000;
const WALLET = '0x9aBd6bC2A1F3e5C2E0f6b6D7d3E1B2c4D5e6F708';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function mounts() {
  return [
    { source: identity, target: '/app/identity' },
    { source: storage, target: '/app/config' },
  ];
}

describe('storagenode stand-in', { skip }, () => {
  let nodePort = 0;
  let dashboardPort = 0;
  const nodeSpec = (): ContainerSpec => ({
    name: 'storagenode',
    image: STORAGENODE_IMAGE,
    ports: [
      { hostPort: nodePort, containerPort: 28967, protocol: 'tcp' },
      { hostPort: nodePort, containerPort: 28967, protocol: 'udp' },
      { host: '127.0.0.1', hostPort: dashboardPort, containerPort: 14002, protocol: 'tcp' },
    ],
    mounts: mounts(),
    env: { WALLET, EMAIL: 'operator@example.org', ADDRESS: 'node.example.org:28967', STORAGE: '2TB' },
    user: `${UID}:${UID}`,
    restart: 'unless-stopped',
    stopTimeoutSeconds: 300,
  });

  test('the SETUP run writes config.yaml once, as the user, and a second one fails', async () => {
    mkdirSync(identity);
    mkdirSync(storage);
    for (const f of ['ca.cert', 'ca.key', 'identity.cert', 'identity.key']) writeFileSync(join(identity, f), `-----BEGIN ${f}-----\n`);
    chownSync(storage, UID, UID);
    const setup: ContainerSpec = {
      name: 'storagenode-setup',
      image: STORAGENODE_IMAGE,
      ports: [],
      mounts: mounts(),
      env: { SETUP: 'true' },
      user: `${UID}:${UID}`,
      restart: 'no',
    };
    const first = await docker.runOnce(setup);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.value.exitCode, 0, first.value.output);
    assert.match(readFileSync(join(storage, 'config.yaml'), 'utf8'), /^server\.address: :28967$/m);
    assert.ok(existsSync(join(storage, 'storage', 'storage-dir-verification')));
    const second = await docker.runOnce(setup);
    assert.ok(second.ok);
    assert.equal(second.value.exitCode, 1);
    assert.match(second.value.output, /configuration already exists/);
    assert.deepEqual(await docker.inspectContainer('storagenode-setup'), { ok: true, value: undefined });
  });

  test('the node runs, serves /api/sno on 127.0.0.1, opens 28967 and logs', { skip: !dockerd?.ports && 'no bridge here, so no published ports' }, async () => {
    nodePort = await freePort();
    dashboardPort = await freePort();
    const result = await docker.createAndStart(nodeSpec());
    assert.ok(result.ok, JSON.stringify(result));

    let sno: any;
    for (let i = 0; i < 100 && !sno; i++) {
      const res = await fetch(`http://127.0.0.1:${dashboardPort}/api/sno`).catch(() => undefined);
      if (res?.ok) sno = await res.json();
      else await new Promise((r) => setTimeout(r, 100));
    }
    const fixture = JSON.parse(readFileSync(dockerFixture('storagenode-api-sno.composed.json'), 'utf8'));
    assert.equal(res(sno).nodeID, fixture.nodeID);
    assert.equal(sno.wallet, WALLET, 'the dashboard reports the configured wallet');
    assert.equal(sno.quicStatus, 'OK');
    const missing = await fetch(`http://127.0.0.1:${dashboardPort}/api/nothing`);
    assert.equal(missing.status, 404);

    await new Promise<void>((resolve, reject) => {
      const socket = connect(nodePort, '127.0.0.1', () => {
        socket.destroy();
        resolve();
      });
      socket.on('error', reject);
    });

    const lines: string[] = [];
    await docker.logs('storagenode', { onLine: (l) => lines.push(l) });
    assert.ok(
      lines.some((l) => l.includes(`Identity loaded {"Node ID": "${fixture.nodeID}"}`)),
      lines.join('\n'),
    );

    const inspected = await docker.inspectContainer('storagenode');
    const image = await docker.inspectImage(STORAGENODE_IMAGE);
    assert.ok(inspected.ok && inspected.value && image.ok && image.value);
    assert.deepEqual(diffContainer(nodeSpec(), inspected.value, image.value), [], 'a second join changes nothing');
    assert.equal(inspected.value.restart.name, 'unless-stopped');
    assert.equal(inspected.value.stopTimeoutSeconds, 300);
    assert.equal(inspected.value.user, `${UID}:${UID}`);
  });

  test('stop ends the node cleanly well within its 300 s grace period', { skip: !dockerd?.ports && 'no bridge here' }, async () => {
    const startedAt = Date.now();
    const stopped = await docker.stop('storagenode', 300);
    assert.ok(stopped.ok, JSON.stringify(stopped));
    assert.ok(Date.now() - startedAt < 20_000);
    const inspected = await docker.inspectContainer('storagenode');
    assert.ok(inspected.ok && inspected.value);
    assert.equal(inspected.value.state.status, 'exited');
    assert.equal(inspected.value.state.exitCode, 0);
    const lines: string[] = [];
    await docker.logs('storagenode', { lines: 2, onLine: (l) => lines.push(l) });
    assert.match(lines.join('\n'), /Storagenode stopped/);
    assert.ok((await docker.remove('storagenode')).ok);
  });

  test('without its identity the node exits 1 and says which file is missing', async () => {
    rmSync(join(identity, 'identity.key'));
    const spec: ContainerSpec = { ...nodeSpec(), name: 'storagenode-noid', ports: [], restart: 'no' };
    const result = await docker.createAndStart(spec);
    assert.ok(result.ok, JSON.stringify(result));
    let state = result.value.state;
    for (let i = 0; i < 100 && state.running; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const again = await docker.inspectContainer('storagenode-noid');
      if (again.ok && again.value) state = again.value.state;
    }
    assert.equal(state.status, 'exited');
    assert.equal(state.exitCode, 1);
    const lines: string[] = [];
    await docker.logs('storagenode-noid', { onLine: (l) => lines.push(l) });
    assert.match(lines.join('\n'), /open identity\/identity\.key: no such file or directory/);
    assert.ok((await docker.remove('storagenode-noid')).ok);
  });
});

function res<T>(value: T | undefined): T {
  assert.ok(value, '/api/sno did not answer');
  return value;
}
