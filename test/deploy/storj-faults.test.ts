// `depin join storj` faults through the built CLI on a real private dockerd: bad answers, too little
// space, a port in use, the daemon down, an image that cannot be pulled, and joins that stop half way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { spawnCli } from '../helpers/cli.js';
import { STORAGENODE_IMAGE } from '../helpers/stand-in-images.js';
import { STORJ_WALLET, freePort, startStorjStage, tmpfsAt, unmount, type StorjStage } from '../helpers/storj-stage.js';

const started = await startStorjStage();
const skip: string | false = started.ok ? false : started.skip;
const stage: StorjStage | undefined = started.ok ? started.stage : undefined;
after(() => stage?.stop());

function withoutFlag(args: string[], key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 2) if (!args[i + 1].startsWith(`${key}=`)) out.push(args[i], args[i + 1]);
  return out;
}

describe('depin join storj faults on a real Docker engine', { skip }, () => {
  const s = stage!;
  let ports = { node: 0, dashboard: 0 };

  before(async () => {
    ports = { node: await freePort(), dashboard: await freePort() };
  });

  /** Nothing of a join is on the machine: no container, no joined entry, no storage folder. */
  async function assertNothingLeft(storageDir: string) {
    assert.deepEqual(await s.containerNames(), []);
    assert.equal(s.joinedRecord()?.networks?.storj, undefined, 'no joined.json entry for storj');
    assert.equal(existsSync(storageDir), false, `${storageDir} was not created`);
  }

  test('a missing answer without a terminal exits 2 naming the flag', async () => {
    const r = await s.depin(['join', 'storj', '--yes', '--force', ...withoutFlag(s.sets(ports), 'email')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /missing answer: Email/);
    assert.match(r.stderr, /--set email=/);
    await assertNothingLeft(join(s.disk, 'storj'));
  });

  test('bad answers exit 2 with what is wrong', async () => {
    const lots = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports, { storage: 'lots' })]);
    assert.equal(lots.code, 2, lots.stderr);
    assert.match(lots.stderr, /"lots" is not a size such as 2TB/);
    const wallet = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports, { wallet: '0xabc' })]);
    assert.equal(wallet.code, 2, wallet.stderr);
    assert.match(wallet.stderr, /--set wallet=.*has 3 hex digits after 0x, an EVM address has 40/);
    await assertNothingLeft(join(s.disk, 'storj'));
  });

  test('storage above the free space fails preflight with exit 1 and the fix', async (t) => {
    const small = join(s.work, 'small');
    const why = tmpfsAt(small, '64M');
    if (why) {
      t.skip(why);
      return;
    }
    try {
      const storageDir = join(small, 'storj');
      const r = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports, { storageDir })]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /FAIL free space: 0\.00 TB free at .*small\/storj, 1TB asked/);
      assert.match(r.stderr, /preflight for storj failed: free space/);
      assert.match(r.stderr, /share at most 0GB \(--set storage=…\), or choose a folder on a bigger disk \(--set storageDir=…\)/);
      await assertNothingLeft(storageDir);
    } finally {
      unmount(small);
    }
  });

  test('a port already in use fails preflight with exit 1 naming the port', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(ports.dashboard, resolve));
    try {
      const r = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports)]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`FAIL port ${ports.dashboard}/tcp: something on this machine already listens on it`));
      assert.match(r.stderr, new RegExp(`stop what uses ${ports.dashboard}/tcp, or join with another port`));
      assert.match(r.stderr, new RegExp(`ok {3}port ${ports.node}/tcp: free`));
      await assertNothingLeft(join(s.disk, 'storj'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a Docker daemon that is down fails preflight with exit 1 and the fix', async () => {
    const dead = `unix://${join(s.work, 'dead.sock')}`;
    const r = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports)], { env: { ...s.env, DOCKER_HOST: dead } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /FAIL Docker: the Docker daemon is not running or not reachable/);
    assert.match(r.stderr, new RegExp(`fix: start the Docker daemon that DOCKER_HOST=${dead} points to`));
    await assertNothingLeft(join(s.disk, 'storj'));
  });

  test('an image that is absent and cannot be pulled: exit 1, a clear message and nothing left behind', async () => {
    const backup = 'depin-test/storagenode-backup:1';
    assert.equal((await s.docker(['tag', STORAGENODE_IMAGE, backup])).code, 0);
    assert.equal((await s.docker(['rmi', STORAGENODE_IMAGE])).code, 0);
    try {
      const storageDir = join(s.disk, 'storj');
      const r = await s.depin(['join', 'storj', '--yes', '--force', ...s.sets(ports)]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /join storj stopped at "pull storjlabs\/storagenode:latest": image storjlabs\/storagenode:latest is absent and cannot be pulled/);
      assert.match(r.stderr, /command: docker pull storjlabs\/storagenode:latest/);
      assert.match(r.stderr, /Nothing was changed/);
      await assertNothingLeft(storageDir);
      assert.deepEqual(readdirSync(s.disk), []);
      assert.deepEqual((await s.depin(['wallet', 'list', '--json'])).json().wallets, [], 'the wallet is not tracked either');
    } finally {
      await s.docker(['tag', backup, STORAGENODE_IMAGE]);
      await s.docker(['rmi', backup]);
    }
  });

  test('a join that fails half way is recorded; leave undoes it', async () => {
    // identity.key as a folder passes depin's presence check but not the node's: the SETUP run fails.
    const identityDir = s.makeIdentity('identity-broken');
    rmSync(join(identityDir, 'identity.key'));
    mkdirSync(join(identityDir, 'identity.key'));
    const storageDir = join(s.disk, 'half');
    const sets = s.sets(ports, { storageDir, identityDir });
    const r = await s.depin(['join', 'storj', '--yes', '--force', ...sets]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /join storj stopped at "set up the storage folder \(SETUP=true, only once\)": the run exited with code 1/);
    assert.match(r.stderr, /command: docker run .*--env=SETUP=true/);
    assert.match(r.stderr, /open identity\/identity\.key: no such file or directory/, 'the node’s own output');
    assert.match(r.stderr, /depin leave storj/);

    const entry = s.joinedRecord().networks.storj;
    assert.equal(entry.complete, false);
    assert.equal(entry.applied.length, 2, `wallet and folder applied: ${entry.applied}`);
    assert.ok(existsSync(storageDir));
    assert.equal(await s.inspect('storagenode'), undefined);

    const status = await s.depin(['status', '--json']);
    assert.equal(status.code, 5, 'a half-made node needs attention');
    const node = status.json().nodes[0];
    assert.equal(node.state, 'not-installed');
    assert.match(node.details.join('\n'), /the last join stopped half way/);

    const left = await s.depin(['leave', 'storj']);
    assert.equal(left.code, 0, left.stderr);
    assert.match(left.stdout, /storj: left\./);
    assert.deepEqual(s.joinedRecord().networks, {});
    assert.deepEqual(await s.containerNames(), []);
    assert.ok(existsSync(storageDir), 'the storage folder is node data and stays');
    rmSync(storageDir, { recursive: true });
  });

  /** Starts a join and kills it (SIGKILL) as soon as the SETUP run has written config.yaml. */
  async function killedJoin(sets: string[], storageDir: string): Promise<void> {
    const child = spawnCli(['join', 'storj', '--yes', '--force', ...sets], { env: s.env });
    const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
    const deadline = Date.now() + 90_000;
    while (!existsSync(join(storageDir, 'config.yaml')) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await ended;
    assert.equal(child.signalCode, 'SIGKILL', 'the join was still running when config.yaml appeared');
  }

  test('a join killed after the setup run is finished by a re-run', async (t) => {
    const storageDir = join(s.disk, 'killed');
    const sets = s.sets(ports, { storageDir });
    await killedJoin(sets, storageDir);

    const entry = s.joinedRecord().networks.storj;
    assert.equal(entry.complete, false, 'the record says the join stopped half way');
    // Killed during the run, depin never removed the setup container: the re-run must clear it.
    t.diagnostic(`containers after the kill: ${(await s.containerNames()).join(', ') || 'none'}`);

    const r = await s.depin(['join', 'storj', '--yes', '--force', ...sets]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /docker run --rm --name=storagenode-setup/, 'the setup run is not repeated');
    const c = await s.inspect('storagenode');
    assert.equal(c?.State.Running, true);
    assert.deepEqual(await s.containerNames(), ['storagenode']);
    const done = s.joinedRecord().networks.storj;
    assert.equal(done.complete, true);
    assert.equal(done.answers.wallet, STORJ_WALLET);

    const left = await s.depin(['leave', 'storj']);
    assert.equal(left.code, 0, left.stderr);
    assert.deepEqual(await s.containerNames(), []);
    assert.deepEqual(s.joinedRecord().networks, {});
  });

  test('leave after a killed join removes what it left', async (t) => {
    const storageDir = join(s.disk, 'killed-then-left');
    await killedJoin(s.sets(ports, { storageDir }), storageDir);
    t.diagnostic(`containers after the kill: ${(await s.containerNames()).join(', ') || 'none'}`);
    assert.equal(s.joinedRecord().networks.storj.complete, false);
    const left = await s.depin(['leave', 'storj']);
    assert.equal(left.code, 0, left.stderr);
    assert.deepEqual(await s.containerNames(), [], 'no container of the interrupted join is left');
    assert.deepEqual(s.joinedRecord().networks, {});
    assert.ok(existsSync(join(storageDir, 'config.yaml')), 'the node data stays');
  });
});
