import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderUnit, type UnitSpec } from '../../src/core/systemd-unit.js';
import { disable, installUnit, journal, lingerStatus, removeUnit, restart, start, stop, unitDirectory, unitState } from '../../src/system/systemd.js';
import { parseShowOutput, parseSystemdTimestamp } from '../../src/system/systemd-show.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';

const root = mkdtempSync(join(tmpdir(), 'depin-systemd-'));
after(() => rmSync(root, { recursive: true, force: true }));
const fixtures = new URL('../../../test/fixtures/runtimes/', import.meta.url).pathname;

let counter = 0;
/** A fresh bin folder and environment per test, so argv logs never mix. */
function sandbox() {
  const base = join(root, `t${++counter}`);
  const bin = join(base, 'bin');
  const config = join(base, 'config');
  mkdirSync(bin, { recursive: true });
  return { base, bin, config, env: { PATH: `${bin}:/usr/bin:/bin`, XDG_CONFIG_HOME: config, HOME: base } };
}

const spec: UnitSpec = {
  name: 'depin-arweave',
  description: 'Arweave miner',
  execStart: ['/opt/arweave/bin/arweave', 'foreground', 'data_dir', '/srv/arweave'],
  limitNOFILE: 1_000_000,
  restart: 'on-failure',
  killSignal: 'SIGTERM',
  timeoutStopSec: 600,
  wantedBy: 'default.target',
  scope: 'user',
};

test('unit folders: $XDG_CONFIG_HOME/systemd/user for user units, /etc/systemd/system for system units', () => {
  assert.equal(unitDirectory('user', { XDG_CONFIG_HOME: '/x/cfg', HOME: '/x' }), '/x/cfg/systemd/user');
  assert.equal(unitDirectory('user', { HOME: '/home/ada' }), '/home/ada/.config/systemd/user');
  assert.equal(unitDirectory('user', { XDG_CONFIG_HOME: 'relative', HOME: '/home/ada' }), '/home/ada/.config/systemd/user');
  assert.equal(unitDirectory('system', { XDG_CONFIG_HOME: '/x/cfg' }), '/etc/systemd/system');
});

test('installUnit writes the file atomically, reloads, enables --now; a second run changes nothing; an edit restarts', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl');
  const first = await installUnit(spec, { env: s.env });
  const dir = join(s.config, 'systemd', 'user');
  const path = join(dir, 'depin-arweave.service');
  assert.deepEqual(first, { ok: true, value: { path, changed: true } });
  assert.equal(readFileSync(path, 'utf8'), renderUnit(spec));
  assert.deepEqual(readdirSync(dir), ['depin-arweave.service'], 'no temp file left behind');
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [
    ['--user', 'daemon-reload'],
    ['--user', 'enable', '--now', 'depin-arweave.service'],
  ]);

  const second = await installUnit(spec, { env: s.env });
  assert.deepEqual(second, { ok: true, value: { path, changed: false } });
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(2), [['--user', 'enable', '--now', 'depin-arweave.service']]);

  const edited = { ...spec, limitNOFILE: 2_000_000 };
  const third = await installUnit(edited, { env: s.env });
  assert.deepEqual(third, { ok: true, value: { path, changed: true } });
  assert.match(readFileSync(path, 'utf8'), /^LimitNOFILE=2000000$/m);
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(3), [
    ['--user', 'daemon-reload'],
    ['--user', 'enable', '--now', 'depin-arweave.service'],
    ['--user', 'try-restart', 'depin-arweave.service'],
  ]);
});

test('a system unit goes to the given unit folder and systemctl runs without --user', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl');
  const unitDir = join(s.base, 'etc-systemd-system');
  const result = await installUnit({ ...spec, scope: 'system', wantedBy: 'multi-user.target', user: 'arweave' }, { env: s.env, unitDir });
  assert.equal(result.ok, true);
  assert.match(readFileSync(join(unitDir, 'depin-arweave.service'), 'utf8'), /^User=arweave$/m);
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [['daemon-reload'], ['enable', '--now', 'depin-arweave.service']]);
});

test('a refused enable comes back as a failure with the exact command and systemctl own words', async () => {
  const s = sandbox();
  const stderr = 'Failed to connect to bus: No medium found\n';
  createFakeBin(s.bin, 'systemctl', { responses: [{ when: ['enable'], stderr, exitCode: 1 }] });
  const result = await installUnit(spec, { env: s.env });
  assert.deepEqual(result, {
    ok: false,
    error: {
      kind: 'failed',
      message: 'enabling depin-arweave.service failed (exit 1)',
      command: ['systemctl', '--user', 'enable', '--now', 'depin-arweave.service'],
      exitCode: 1,
      output: 'Failed to connect to bus: No medium found',
    },
  });
});

test('an invalid spec is refused before anything is written or run', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl');
  const result = await installUnit({ ...spec, killSignal: 'SIGKILL' }, { env: s.env });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.kind, 'refused');
  assert.equal(existsSync(join(s.config, 'systemd')), false);
  assert.deepEqual(readArgv(s.bin, 'systemctl'), []);
});

test('without systemctl on PATH the failure says not-installed', async () => {
  const s = sandbox();
  const result = await unitState('depin-arweave', 'user', { env: { PATH: s.bin } });
  assert.equal(!result.ok && result.error.kind, 'not-installed');
});

const showArgs = ['show', 'depin-arweave.service', '--no-pager', '-p', 'LoadState,ActiveState,SubState,ExecMainStartTimestamp,NRestarts,MainPID'];

async function stateFrom(fixture: string) {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl', { stdoutFile: join(fixtures, fixture) });
  const result = await unitState('depin-arweave', 'user', { env: s.env });
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [['--user', ...showArgs]]);
  return result;
}

test('unitState reads a running unit: pid, restarts and start time', async () => {
  const result = await stateFrom('systemctl-show-running-composed.txt');
  assert.deepEqual(result, {
    ok: true,
    value: {
      unit: 'depin-arweave.service',
      installed: true,
      loadState: 'loaded',
      activeState: 'active',
      subState: 'running',
      mainPid: 48213,
      restarts: 2,
      startedAt: new Date(Date.UTC(2026, 7, 3, 9, 15, 42)),
    },
  });
});

test('unitState on recorded RHEL 7 output: no NRestarts (old systemd) reads as unknown, never as 0', async () => {
  const result = await stateFrom('systemctl-show-tuned-rhel7.txt');
  assert.equal(result.ok, true);
  const state = result.ok ? result.value : undefined;
  assert.equal(state?.activeState, 'active');
  assert.equal(state?.subState, 'running');
  assert.equal(state?.restarts, null);
  assert.equal(state?.mainPid, null);
});

test('unitState on a recorded inactive oneshot: MainPID=0 is no process, no start time', async () => {
  const result = await stateFrom('systemctl-show-oneshot-inactive.txt');
  assert.deepEqual(result.ok && { ...result.value }, {
    unit: 'depin-arweave.service',
    installed: true,
    loadState: 'loaded',
    activeState: 'inactive',
    subState: 'dead',
    mainPid: null,
    restarts: 0,
    startedAt: null,
  });
});

test('unitState of a unit systemd does not know: installed false', async () => {
  const result = await stateFrom('systemctl-show-not-found-composed.txt');
  assert.equal(result.ok && result.value.installed, false);
  assert.equal(result.ok && result.value.loadState, 'not-found');
});

test('output without ActiveState is bad-output, not a guess', async () => {
  const result = await stateFrom('systemctl-show-mainpid-rhel.txt');
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.kind, 'bad-output');
  assert.deepEqual(!result.ok && result.error.command, ['systemctl', '--user', ...showArgs]);
});

test('start, stop, restart and disable send exactly one systemctl call each', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl');
  for (const call of [start, stop, restart, disable]) assert.deepEqual(await call('depin-arweave', 'system', { env: s.env }), { ok: true, value: undefined });
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [
    ['start', 'depin-arweave.service'],
    ['stop', 'depin-arweave.service'],
    ['restart', 'depin-arweave.service'],
    ['disable', '--now', 'depin-arweave.service'],
  ]);
});

test('removeUnit disables, deletes and reloads; a second remove finds nothing and still succeeds', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'systemctl');
  await installUnit(spec, { env: s.env });
  const path = join(s.config, 'systemd', 'user', 'depin-arweave.service');
  assert.equal(existsSync(path), true);
  assert.deepEqual(await removeUnit('depin-arweave', 'user', { env: s.env }), { ok: true, value: { removed: true } });
  assert.equal(existsSync(path), false);
  assert.deepEqual(await removeUnit('depin-arweave', 'user', { env: s.env }), { ok: true, value: { removed: false } });
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(2), [
    ['--user', 'disable', '--now', 'depin-arweave.service'],
    ['--user', 'daemon-reload'],
    ['--user', 'reset-failed', 'depin-arweave.service'],
    ['--user', 'daemon-reload'],
    ['--user', 'reset-failed', 'depin-arweave.service'],
  ]);
});

const journalLines = [
  '2026-08-03T09:15:42+0000 host arweave[48213]: Starting the node...',
  '2026-08-03T09:15:50+0000 host arweave[48213]: Joined the Arweave network successfully.',
];

test('journal returns the last lines and asks journalctl for exactly that', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'journalctl', { stdout: journalLines.join('\n') + '\n' });
  const result = await journal('depin-arweave', { scope: 'user', lines: 50, env: s.env });
  assert.deepEqual(result, { ok: true, value: { lines: journalLines } });
  assert.deepEqual(readArgv(s.bin, 'journalctl'), [['--user', '-u', 'depin-arweave.service', '-n', '50', '--no-pager', '-o', 'short-iso']]);
});

test('journal --follow streams lines until the signal stops it', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'journalctl', { stdout: journalLines.join('\n') + '\n', stayAlive: true });
  const controller = new AbortController();
  const seen: string[] = [];
  const result = await journal('depin-arweave', {
    scope: 'system',
    lines: 10,
    follow: true,
    env: s.env,
    signal: controller.signal,
    onLine: (line) => {
      seen.push(line);
      if (seen.length === journalLines.length) controller.abort();
    },
  });
  assert.deepEqual(result, { ok: true, value: { lines: [] } });
  assert.deepEqual(seen, journalLines);
  assert.deepEqual(readArgv(s.bin, 'journalctl'), [['-u', 'depin-arweave.service', '-n', '10', '--no-pager', '-o', 'short-iso', '-f']]);
});

test('journal refuses bad line counts and a follow without a callback', async () => {
  assert.equal((await journal('x', { scope: 'user', lines: -1 })).ok, false);
  const noCallback = await journal('x', { scope: 'user', follow: true });
  assert.equal(!noCallback.ok && noCallback.error.kind, 'refused');
});

test('lingerStatus: yes, no, "not logged in or lingering", garbage and a bad user name', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'loginctl', {
    responses: [
      { when: ['ada'], stdout: 'Linger=yes\n' },
      { when: ['bob'], stdout: 'Linger=no\n' },
      { when: ['carol'], stderr: 'Failed to get user: User ID 1003 is not logged in or lingering\n', exitCode: 1 },
      { when: ['dave'], stdout: 'nonsense\n' },
    ],
  });
  const env = { env: s.env };
  assert.deepEqual(await lingerStatus('ada', env), { ok: true, value: { user: 'ada', linger: true } });
  assert.deepEqual(await lingerStatus('bob', env), { ok: true, value: { user: 'bob', linger: false } });
  assert.deepEqual(await lingerStatus('carol', env), { ok: true, value: { user: 'carol', linger: false } });
  const garbage = await lingerStatus('dave', env);
  assert.equal(!garbage.ok && garbage.error.kind, 'bad-output');
  const bad = await lingerStatus('ada; rm -rf /', env);
  assert.equal(!bad.ok && bad.error.kind, 'refused');
  assert.deepEqual(readArgv(s.bin, 'loginctl'), [
    ['show-user', 'ada', '-p', 'Linger'],
    ['show-user', 'bob', '-p', 'Linger'],
    ['show-user', 'carol', '-p', 'Linger'],
    ['show-user', 'dave', '-p', 'Linger'],
  ]);
});

test('systemd timestamps: UTC, unix, empty, n/a and local zones', () => {
  assert.deepEqual(parseSystemdTimestamp('Mon 2026-08-03 09:15:42 UTC'), new Date(Date.UTC(2026, 7, 3, 9, 15, 42)));
  assert.deepEqual(parseSystemdTimestamp('@1790609028'), new Date(1790609028 * 1000));
  assert.deepEqual(parseSystemdTimestamp('Thu 2018-01-11 14:22:33 CST'), new Date(2018, 0, 11, 14, 22, 33));
  assert.deepEqual(parseSystemdTimestamp('Mon 2026-09-28 06:18:14.656913 UTC'), new Date(Date.UTC(2026, 8, 28, 6, 18, 14, 657)));
  for (const empty of ['', 'n/a', undefined, 'yesterday']) assert.equal(parseSystemdTimestamp(empty), null);
  assert.deepEqual(
    [...parseShowOutput('A=1\nB=x=y\n\nA=2\nbad line\n')],
    [
      ['A', '1'],
      ['B', 'x=y'],
    ],
  );
});
