// `depin join storj` end to end through the built CLI on a real private dockerd with the storagenode
// stand-in: dry run, join, status from /api/sno, a second join that changes nothing, stop / start /
// restart / logs, and leave. Real state is read back with `docker inspect`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnCli } from '../helpers/cli.js';
import { STORAGENODE_IMAGE } from '../helpers/stand-in-images.js';
import { STORJ_NODE_ID, STORJ_WALLET, freePort, startStorjStage, type StorjStage } from '../helpers/storj-stage.js';

const started = await startStorjStage();
const skip: string | false = started.ok ? false : started.skip;
const stage: StorjStage | undefined = started.ok ? started.stage : undefined;
after(() => stage?.stop());

const UG = `${process.getuid?.()}:${process.getgid?.()}`;

/** The largest free space on a real (not memory-backed) file system here, from `df`. */
function largestDiskFree(): number | undefined {
  const r = spawnSync('df', ['-B1', '--output=fstype,avail'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const memory = new Set(['tmpfs', 'devtmpfs', 'ramfs', 'squashfs', 'overlay', 'zram']);
  const free = r.stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([fs, avail]) => fs && avail && !memory.has(fs))
    .map(([, avail]) => Number(avail));
  return free.length === 0 ? undefined : Math.max(...free);
}

/** Lines of `docker`-command text the plan printed, without the trailing `# note`. */
function commandLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('$ '))
    .map((l) => l.slice(2).replace(/\s+#.*$/, ''));
}

describe('depin join storj on a real Docker engine', { skip }, () => {
  const s = stage!;
  let ports = { node: 0, dashboard: 0 };
  let sets: string[] = [];
  let storageDir = '';
  let containerId = '';

  before(async () => {
    ports = { node: await freePort(), dashboard: await freePort() };
    sets = s.sets(ports);
    storageDir = join(s.disk, 'storj');
  });

  test('without --force a machine with less than 500 GB free is refused with exit 3', async (t) => {
    const free = largestDiskFree();
    if (free === undefined || free >= 500e9) {
      t.skip(`a disk here has ${free === undefined ? 'an unknown amount' : `${Math.floor(free / 1e9)} GB`} free, so this machine may qualify`);
      return;
    }
    const r = await s.depin(['join', 'storj', '--dry-run', ...sets]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /does not qualify for Storj: needs 500 GB free/);
    assert.match(r.stderr, /--force/);
  });

  test('--dry-run prints the exact commands and changes nothing', async () => {
    const r = await s.depin(['join', 'storj', '--dry-run', '--force', ...sets]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing was changed/);
    const commands = commandLines(r.stdout);
    const mounts = `--mount=type=bind,source=${s.identityDir},target=/app/identity --mount=type=bind,source=${storageDir},target=/app/config`;
    assert.deepEqual(commands, [
      `depin wallet add ${STORJ_WALLET} --chain ethereum --network storj`,
      `mkdir -p ${storageDir}`,
      `chmod 700 ${storageDir}`,
      ...(process.getuid?.() === 0 ? [`chown ${UG} ${storageDir}`] : []),
      `docker run --rm --name=storagenode-setup --restart=no --user=${UG} ${mounts} --env=SETUP=true --label=io.depin.network=storj ${STORAGENODE_IMAGE}`,
      [
        'docker run --detach --name=storagenode --restart=unless-stopped --stop-timeout=300',
        `--user=${UG}`,
        `--publish=${ports.node}:28967/tcp --publish=${ports.node}:28967/udp --publish=127.0.0.1:${ports.dashboard}:14002/tcp`,
        mounts,
        `--env=WALLET=${STORJ_WALLET} --env=EMAIL=operator@example.org --env=ADDRESS=node.example.org:28967 --env=STORAGE=1TB`,
        `--label=io.depin.network=storj ${STORAGENODE_IMAGE}`,
      ].join(' '),
    ]);
    assert.match(r.stderr, /ok {3}free space: 2\.\d\d TB free/);
    assert.deepEqual(await s.containerNames(), []);
    assert.equal(s.joinedRecord(), undefined, 'no joined.json');
    assert.equal(existsSync(storageDir), false, 'no storage folder');
    assert.deepEqual(readdirSync(s.disk), []);
    const wallets = await s.depin(['wallet', 'list', '--json']);
    assert.deepEqual(wallets.json().wallets, []);
  });

  test('--yes runs the setup once and starts the node as planned', async () => {
    const r = await s.depin(['join', 'storj', '--yes', '--force', ...sets]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /storj: joined \(4 changes\)/);

    const c = await s.inspect('storagenode');
    assert.ok(c, 'the storagenode container exists');
    containerId = c.Id;
    assert.equal(c.State.Running, true);
    assert.equal(c.Config.Image, STORAGENODE_IMAGE);
    assert.deepEqual(c.HostConfig.PortBindings, {
      '28967/tcp': [{ HostIp: '', HostPort: String(ports.node) }],
      '28967/udp': [{ HostIp: '', HostPort: String(ports.node) }],
      '14002/tcp': [{ HostIp: '127.0.0.1', HostPort: String(ports.dashboard) }],
    });
    const mounts = c.Mounts.map((m: any) => ({ type: m.Type, source: m.Source, target: m.Destination })).sort((a: any, b: any) =>
      a.target.localeCompare(b.target),
    );
    assert.deepEqual(mounts, [
      { type: 'bind', source: storageDir, target: '/app/config' },
      { type: 'bind', source: s.identityDir, target: '/app/identity' },
    ]);
    for (const pair of [`WALLET=${STORJ_WALLET}`, 'EMAIL=operator@example.org', 'ADDRESS=node.example.org:28967', 'STORAGE=1TB']) {
      assert.ok(c.Config.Env.includes(pair), `env ${pair} in ${c.Config.Env.join(' ')}`);
    }
    assert.ok(!c.Config.Env.some((e: string) => e.startsWith('SETUP=')), 'the node does not run in setup mode');
    assert.equal(c.Config.User, UG);
    assert.equal(c.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.equal(c.Config.StopTimeout, 300);
    assert.equal(c.Config.Labels['io.depin.network'], 'storj');

    assert.match(readFileSync(join(storageDir, 'config.yaml'), 'utf8'), /^server\.address: :28967$/m, 'config.yaml from the SETUP run');
    assert.ok(existsSync(join(storageDir, 'storage', 'storage-dir-verification')));
    assert.deepEqual(await s.containerNames(), ['storagenode'], 'the one-time setup container is gone');

    const entry = s.joinedRecord().networks.storj;
    assert.equal(entry.complete, true);
    assert.deepEqual(entry.secrets, []);
    assert.deepEqual(entry.answers, {
      wallet: STORJ_WALLET,
      email: 'operator@example.org',
      address: 'node.example.org:28967',
      storage: '1TB',
      storageDir,
      identityDir: s.identityDir,
      port: String(ports.node),
      dashboardPort: String(ports.dashboard),
      zksync: 'no',
    });
    assert.deepEqual(
      entry.resources.map((r: any) => r.kind),
      ['wallet', 'directory', 'container-run', 'container'],
    );

    const wallets = (await s.depin(['wallet', 'list', '--json'])).json().wallets;
    assert.equal(wallets.length, 1);
    assert.equal(wallets[0].address, STORJ_WALLET);
    assert.equal(wallets[0].chain, 'ethereum');
    assert.equal(wallets[0].network, 'storj');
  });

  test('status reads the node id from /api/sno', async () => {
    let node: any;
    // The stand-in's dashboard may take a moment to listen after the container starts.
    for (let i = 0; i < 10; i++) {
      const r = await s.depin(['status', '--json']);
      node = r.json().nodes[0];
      if (r.code === 0 && node?.state === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(node.network, 'storj');
    assert.equal(node.state, 'running', JSON.stringify(node));
    assert.equal(node.nodeId, STORJ_NODE_ID);
    assert.equal(node.complete, true);
    assert.equal(node.needsAttention, false);
    assert.match(node.details.join('\n'), /4 satellites, none disqualified or suspended/);
  });

  test('a second identical join changes nothing', async () => {
    const r = await s.depin(['join', 'storj', '--yes', '--force', ...sets]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /storj: nothing to change; it is joined as planned\./);
    assert.match(r.stderr, /0 to create, 0 to change, 4 unchanged/);
    const c = await s.inspect('storagenode');
    assert.equal(c.Id, containerId);
    assert.equal(c.State.Running, true);
  });

  test('stop, start, restart and logs act on the container', async () => {
    const stopped = await s.depin(['stop', 'storj']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /stopped container storagenode/);
    assert.equal((await s.inspect('storagenode')).State.Status, 'exited');
    const status = await s.depin(['status']);
    assert.equal(status.code, 0, `a node the person stopped needs no attention: ${status.stderr}`);
    assert.match(status.stdout, /storj +│ stopped \(by you\)/);

    const startedRun = await s.depin(['start', 'storj']);
    assert.equal(startedRun.code, 0, startedRun.stderr);
    const running = await s.inspect('storagenode');
    assert.equal(running.State.Status, 'running');
    assert.equal(running.Id, containerId);
    assert.equal(s.joinedRecord().networks.storj.stoppedByUser, false);

    const restarted = await s.depin(['restart', 'storj']);
    assert.equal(restarted.code, 0, restarted.stderr);
    const again = await s.inspect('storagenode');
    assert.equal(again.State.Status, 'running');
    assert.notEqual(again.State.StartedAt, running.State.StartedAt);

    const logs = await s.depin(['logs', 'storj', '--lines', '5']);
    assert.equal(logs.code, 0, logs.stderr);
    const lines = logs.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 5, logs.stdout);
    for (const line of lines) assert.match(line, /^\d{4}-\d\d-\d\dT[\d:]+Z\t(INFO|FATAL)\t/);
  });

  test('logs --follow streams until it is interrupted', async () => {
    const child = spawnCli(['logs', 'storj', '--follow', '--lines', '1'], { env: s.env });
    let out = '';
    const firstLine = new Promise<void>((resolve) =>
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve();
      }),
    );
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await Promise.race([firstLine, ended]);
    // The stand-in logs once a second: a second line proves it follows rather than prints and exits.
    const seen = out.split('\n').length;
    while (out.split('\n').length === seen && child.exitCode === null && child.signalCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.equal(child.exitCode, null, `logs --follow ended by itself: ${out}`);
    child.kill('SIGINT');
    const code = await ended;
    clearTimeout(timer);
    assert.equal(code, 130);
    assert.match(out, /INFO\t/);
    // Nothing keeps following after depin has gone.
    const followers = readdirSync('/proc').filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const env = readFileSync(`/proc/${pid}/environ`, 'utf8');
        return cmd.includes('logs') && env.includes(`DOCKER_HOST=${s.dockerd.host}`);
      } catch {
        return false;
      }
    });
    assert.deepEqual(followers, []);
  });

  test('leave removes the container, keeps the data and forgets the network', async () => {
    const r = await s.depin(['leave', 'storj']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /removed container storagenode/);
    assert.match(r.stdout, /kept .*storj \(node data; --purge removes it\)/);
    assert.equal(await s.inspect('storagenode'), undefined);
    assert.deepEqual(await s.containerNames(), []);
    assert.ok(existsSync(join(storageDir, 'config.yaml')), 'config.yaml kept');
    assert.deepEqual(s.joinedRecord().networks, {});
    // Payouts can arrive after a node stops: the wallet stays tracked.
    assert.equal((await s.depin(['wallet', 'list', '--json'])).json().wallets[0]?.address, STORJ_WALLET);

    const status = await s.depin(['status']);
    assert.equal(status.code, 0);
    assert.match(status.stderr, /No network is joined/);

    const again = await s.depin(['leave', 'storj']);
    assert.equal(again.code, 4);
    assert.match(again.stderr, /storj is not joined/);
    const start = await s.depin(['start', 'storj']);
    assert.equal(start.code, 4);
    assert.match(start.stderr, /storj is not joined/);
  });
});
