// `depin join arweave` end to end through the built CLI: a release archive built here and served on
// loopback with a sha256sum-style checksums.txt, a recording fake systemctl/journalctl on PATH, the
// unit checked by systemd-analyze when it is installed, and status reading /info on port 1984.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeBin, readArgv, type FakeBinSpec } from '../helpers/fake-bin.js';
import { joinSandbox, serveLoopback, tcpPortFree, type JoinSandbox, type Loopback } from '../helpers/join-sandbox.js';

const fixtures = new URL('../../../test/fixtures/runtimes/', import.meta.url).pathname;
const VERSION = '2.9.5';
const UNIT = 'depin-arweave.service';
// arweave-js README example wallet (test/fixtures/addresses/arweave.json).
const ADDRESS = '1seRanklLU_1VTGkEk7P0xAwMJfA7owA1JHW5KyZKlY';
const ARCHIVE = new RegExp(`arweave-${VERSION.replace(/\./g, '\\.')}\\.(?:ubuntu22|ubuntu24|rocky9)\\.x86_64\\.tar\\.gz`);
const FLAVOURS = ['ubuntu22', 'ubuntu24', 'rocky9'];
const INFO = readFileSync(new URL('../../../test/fixtures/joins/arweave-info.composed.json', import.meta.url), 'utf8');
const notX64 = process.arch !== 'x64' ? `Arweave publishes x86_64 releases only and this machine is ${process.arch}` : undefined;

/** A release tarball holding bin/arweave (an executable stand-in) and its sha256. */
function buildRelease(dir: string): { archive: Buffer; sha256: string } {
  const staging = join(dir, 'release-staging');
  mkdirSync(join(staging, 'bin'), { recursive: true });
  writeFileSync(join(staging, 'bin', 'arweave'), '#!/bin/sh\necho "arweave stand-in: $*"\n');
  chmodSync(join(staging, 'bin', 'arweave'), 0o755);
  const path = join(dir, 'release.tar.gz');
  execFileSync('tar', ['-czf', path, '-C', staging, 'bin']);
  const archive = readFileSync(path);
  return { archive, sha256: createHash('sha256').update(archive).digest('hex') };
}

/** GitHub's release layout: /N.<version>/<asset> and /N.<version>/checksums.txt (sha256sum format). */
async function serveReleases(release: { archive: Buffer; sha256: string }, listed = release.sha256): Promise<Loopback> {
  const checksums = FLAVOURS.map((f) => `${listed}  arweave-${VERSION}.${f}.x86_64.tar.gz\n`).join('');
  return serveLoopback((req, res) => {
    const path = req.url ?? '';
    if (path === `/releases/N.${VERSION}/checksums.txt`) return void res.end(checksums);
    if (path.startsWith(`/releases/N.${VERSION}/`) && ARCHIVE.test(path)) {
      res.setHeader('content-length', release.archive.length);
      return void res.end(release.archive);
    }
    res.statusCode = 404;
    res.end('Not Found');
  });
}

const showNotFound = { stdoutFile: join(fixtures, 'systemctl-show-not-found-composed.txt') };
const showRunning = { stdoutFile: join(fixtures, 'systemctl-show-running-composed.txt') };

function fakeSystemd(bin: string, unit: typeof showNotFound): void {
  const spec: FakeBinSpec = {
    responses: [
      { when: ['show', UNIT], ...unit },
      { when: ['show'], ...showNotFound },
    ],
  };
  createFakeBin(bin, 'systemctl', spec);
  createFakeBin(bin, 'journalctl', {
    // Composed in journalctl's short-iso format.
    stdout:
      '2026-08-03T09:15:43+0000 host arweave[48213]: Joining the Arweave network...\n2026-08-03T09:16:02+0000 host arweave[48213]: Joined the Arweave network successfully.\n',
  });
}

/** systemctl calls that change something (the state reads are left out). */
function changingCalls(bin: string): string[][] {
  return readArgv(bin, 'systemctl').filter((argv) => !argv.includes('show'));
}

function joinArgs(extra: string[] = []): string[] {
  return ['join', 'arweave', '--set', `miningAddress=${ADDRESS}`, '--set', 'storageModules=0,1', '--force', ...extra];
}

/** Whether the eligibility verdict is certainly "not eligible" here: 3600 GB free or systemd missing. */
function certainlyNotEligible(): boolean {
  const stats = statfsSync('/');
  return !existsSync('/run/systemd/system') || Number(stats.bavail) * Number(stats.bsize) < 3600e9;
}

describe('depin join arweave (built CLI)', { skip: notX64 }, () => {
  let sb: JoinSandbox;
  let releases: Loopback;
  let release: { archive: Buffer; sha256: string };
  let port1984Free = false;
  const nodeDir = () => join(sb.data, 'nodes', 'arweave');
  const installDir = () => join(nodeDir(), 'releases', VERSION);
  const unitPath = () => join(sb.env.XDG_CONFIG_HOME as string, 'systemd', 'user', UNIT);

  before(async () => {
    sb = joinSandbox({ unprivileged: true });
    release = buildRelease(sb.dir);
    releases = await serveReleases(release);
    fakeSystemd(sb.bin, showNotFound);
    port1984Free = await tcpPortFree(1984);
    const set = await sb.run(['config', 'set', 'arweave.releaseUrl', `${releases.url}/releases`]);
    assert.equal(set.code, 0, set.stderr);
  });
  after(async () => {
    await releases?.close();
    sb?.cleanup();
  });

  it('refuses a machine that does not qualify (exit 3) unless --force', async (t) => {
    if (!certainlyNotEligible()) return t.skip('this machine has systemd and 3.6 TB free, so it may qualify');
    const r = await sb.run(['join', 'arweave', '--set', `miningAddress=${ADDRESS}`, '--set', 'storageModules=0', '--yes']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /does not qualify for Arweave/);
    assert.match(r.stderr, /--force/);
  });

  it('a missing answer without a terminal is exit 2 naming its flag', async () => {
    const r = await sb.run(['join', 'arweave', '--set', 'storageModules=0', '--force', '--yes']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--set miningAddress=/);
    const bad = await sb.run(['join', 'arweave', '--set', 'miningAddress=not-an-address', '--set', 'storageModules=0', '--force', '--yes']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /miningAddress/);
  });

  it('--dry-run prints the download URL, the checksum check and the unit file, and changes nothing', async (t) => {
    if (!port1984Free) return t.skip('port 1984 is in use on this machine, so the arweave preflight refuses');
    const r = await sb.run(joinArgs(['--dry-run', '--yes']));
    assert.equal(r.code, 0, r.stderr);
    const url = new RegExp(
      `download ${releases.url}/releases/N\\.${VERSION}/${ARCHIVE.source}; check its sha256 against ${releases.url}/releases/N\\.${VERSION}/checksums\\.txt`,
    );
    assert.match(r.stdout, url);
    assert.match(r.stdout, new RegExp(`\\$ tar -xzf ${ARCHIVE.source} -C ${installDir()}`));
    assert.ok(r.stdout.includes(`write ${unitPath()} (mode 644):`), r.stdout);
    assert.ok(r.stdout.includes('| LimitNOFILE=1000000'), r.stdout);
    assert.ok(r.stdout.includes('$ systemctl --user daemon-reload'), r.stdout);
    assert.ok(r.stdout.includes(`$ systemctl --user enable --now ${UNIT}`), r.stdout);
    assert.match(r.stdout, /nothing was changed/);
    assert.equal(existsSync(installDir()), false);
    assert.equal(existsSync(unitPath()), false);
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
    assert.deepEqual(changingCalls(sb.bin), []);
    assert.deepEqual(releases.requests, [], 'a dry run downloads nothing');
  });

  it('join downloads, verifies, extracts, writes the unit and enables it', async (t) => {
    if (!port1984Free) return t.skip('port 1984 is in use on this machine, so the arweave preflight refuses');
    const r = await sb.run(joinArgs(['--yes']));
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /arweave: joined \(\d+ changes\)/);
    assert.match(r.stdout, /Tune the kernel for mining/);
    assert.ok(releases.requests.some((p) => p.endsWith('/checksums.txt')));
    assert.ok(releases.requests.some((p) => ARCHIVE.test(p)));

    const program = join(installDir(), 'bin', 'arweave');
    assert.ok(existsSync(program), 'the archive is extracted into releases/<version>');
    assert.match(execFileSync(program, ['foreground']).toString(), /arweave stand-in: foreground/);

    const unit = readFileSync(unitPath(), 'utf8');
    const dataDir = join(nodeDir(), 'data');
    assert.match(unit, /^LimitNOFILE=1000000$/m);
    assert.match(unit, /^KillSignal=SIGTERM$/m);
    assert.match(unit, /^TimeoutStopSec=600s$/m);
    assert.match(unit, /^Restart=on-failure$/m);
    assert.match(unit, /^WantedBy=default\.target$/m);
    assert.ok(
      unit.includes(
        `\nExecStart=${program} foreground data_dir ${dataDir} mining_addr ${ADDRESS} storage_module 0,${ADDRESS} storage_module 1,${ADDRESS} mine\n`,
      ),
      unit,
    );
    assert.ok(existsSync(dataDir));
    assert.deepEqual(changingCalls(sb.bin), [
      ['--user', 'daemon-reload'],
      ['--user', 'enable', '--now', UNIT],
    ]);
    const record = JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.arweave;
    assert.equal(record.complete, true);
    assert.deepEqual(record.answers, { miningAddress: ADDRESS, storageModules: '0,1', dataDir: '', scope: 'user', peers: '' });
  });

  it('the unit passes systemd-analyze verify', async (t) => {
    if (!existsSync(unitPath())) return t.skip('the join above did not run');
    const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (probe.error) return t.skip('systemd-analyze is not installed (Debian: apt-get install systemd)');
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', unitPath()], { encoding: 'utf8' });
    assert.equal(verify.status, 0, `${verify.stdout}${verify.stderr}`);
    assert.equal(verify.stderr.trim(), '', verify.stderr);
  });

  it('a second join changes nothing and says so', async (t) => {
    if (!existsSync(unitPath())) return t.skip('the join above did not run');
    const before = changingCalls(sb.bin).length;
    const downloads = releases.requests.length;
    const r = await sb.run(joinArgs(['--yes']));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /arweave: nothing to change/);
    assert.equal(changingCalls(sb.bin).length, before);
    assert.equal(releases.requests.length, downloads, 'nothing is downloaded again');
  });

  it('status reads the unit and /info on port 1984', async (t) => {
    if (!existsSync(unitPath())) return t.skip('the join above did not run');
    if (!(await tcpPortFree(1984))) return t.skip('port 1984 is in use on this machine, so no stand-in node can answer /info there');
    fakeSystemd(sb.bin, showRunning);
    const node = await serveLoopback((req, res) => {
      if (req.url === '/info') return void res.end(INFO);
      res.statusCode = 404;
      res.end();
    }, 1984);
    try {
      const r = await sb.run(['status', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const [n] = r.json().nodes;
      assert.equal(n.network, 'arweave');
      assert.equal(n.state, 'running');
      assert.equal(n.version, '5 (release 78)');
      assert.ok(n.details.includes('height 1601234'), n.details);
      assert.ok(n.details.includes('57 peers'), n.details);
      assert.ok(n.uptimeSeconds > 0);
      assert.deepEqual(node.requests, ['/info']);
      assert.ok(readArgv(sb.bin, 'systemctl').some((a) => a.join(' ').startsWith(`--user show ${UNIT} --no-pager -p `)));
    } finally {
      await node.close();
    }
    // The node stops answering: the unit is up but the node cannot be read.
    const down = await sb.run(['status']);
    assert.equal(down.code, 5, down.stderr);
    assert.match(down.stdout, /degraded/);
    // The table wraps long details to its width; the document has them whole.
    const downJson = await sb.run(['status', '--json']);
    assert.equal(downJson.code, 5, downJson.stderr);
    assert.match(downJson.json().nodes[0].details.join(' '), /\/info does not answer/);
  });

  it('stop, start and logs call systemctl and journalctl with exact argv', async (t) => {
    if (!existsSync(unitPath())) return t.skip('the join above did not run');
    const before = changingCalls(sb.bin).length;
    const stop = await sb.run(['stop', 'arweave']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /stopped/);
    const start = await sb.run(['start', 'arweave']);
    assert.equal(start.code, 0, start.stderr);
    assert.deepEqual(changingCalls(sb.bin).slice(before), [
      ['--user', 'stop', UNIT],
      ['--user', 'start', UNIT],
    ]);
    const logs = await sb.run(['logs', 'arweave', '--lines', '5']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /Joined the Arweave network successfully/);
    assert.deepEqual(readArgv(sb.bin, 'journalctl'), [['--user', '-u', UNIT, '-n', '5', '--no-pager', '-o', 'short-iso']]);
  });

  it('leave disables and removes the unit and the release, and keeps data_dir and the wallet', async (t) => {
    if (!existsSync(unitPath())) return t.skip('the join above did not run');
    const before = changingCalls(sb.bin).length;
    const r = await sb.run(['leave', 'arweave']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.deepEqual(changingCalls(sb.bin).slice(before), [
      ['--user', 'disable', '--now', UNIT],
      ['--user', 'daemon-reload'],
      ['--user', 'reset-failed', UNIT],
    ]);
    assert.equal(existsSync(unitPath()), false);
    assert.equal(existsSync(installDir()), false);
    assert.ok(existsSync(join(nodeDir(), 'data')), 'data_dir is node data and stays');
    assert.equal(JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.arweave, undefined);
    const wallets = await sb.run(['wallet', 'list', '--json']);
    assert.ok(JSON.stringify(wallets.json()).includes(ADDRESS), 'the mining address is still tracked');
    const again = await sb.run(['stop', 'arweave']);
    assert.equal(again.code, 4, 'a network that is not joined is exit 4');
  });
});

describe('depin join arweave: faults', { skip: notX64 }, () => {
  it('a wrong checksum in checksums.txt is exit 1: nothing extracted, no unit, the record not complete', async (t) => {
    if (!(await tcpPortFree(1984))) return t.skip('port 1984 is in use on this machine, so the arweave preflight refuses');
    const sb = joinSandbox({ unprivileged: true });
    const release = buildRelease(sb.dir);
    const releases = await serveReleases(release, createHash('sha256').update('another archive').digest('hex'));
    try {
      fakeSystemd(sb.bin, showNotFound);
      assert.equal((await sb.run(['config', 'set', 'arweave.releaseUrl', `${releases.url}/releases`])).code, 0);
      const r = await sb.run(joinArgs(['--yes']));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /sha256/i);
      assert.match(r.stderr, /depin join arweave/, 'the error says how to finish or undo');
      const releasesDir = join(sb.data, 'nodes', 'arweave', 'releases');
      assert.equal(existsSync(join(releasesDir, VERSION)), false, 'nothing is extracted');
      assert.deepEqual(existsSync(releasesDir) ? readdirSync(releasesDir) : [], [], 'no partial archive or temp folder is left');
      assert.equal(existsSync(join(sb.env.XDG_CONFIG_HOME as string, 'systemd', 'user', UNIT)), false);
      assert.deepEqual(changingCalls(sb.bin), []);
      const record = JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.arweave;
      assert.equal(record.complete, false);
      const status = await sb.run(['status', '--json']);
      assert.equal(status.code, 5);
      assert.ok(status.json().nodes[0].details.some((d: string) => /stopped half way/.test(d)));
    } finally {
      await releases.close();
      sb.cleanup();
    }
  });

  it('port 1984 already bound: preflight fails with the fix (exit 1) before anything changes', async (t) => {
    if (!(await tcpPortFree(1984))) return t.skip('port 1984 is already in use on this machine');
    const sb = joinSandbox({ unprivileged: true });
    const holder = await serveLoopback((_req, res) => res.end(), 1984);
    try {
      fakeSystemd(sb.bin, showNotFound);
      const r = await sb.run(joinArgs(['--yes']));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /FAIL port 1984\/tcp: something already listens on 1984/);
      assert.match(r.stderr, /stop what uses port 1984/);
      assert.equal(existsSync(join(sb.data, 'joined.json')), false);
      assert.deepEqual(changingCalls(sb.bin), []);
    } finally {
      await holder.close();
      sb.cleanup();
    }
  });
});
