// `depin service` through the built CLI, with fake systemctl and loginctl that record their argv.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli, tempHome } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';

const UNIT = 'depin-daemon.service';
const user = userInfo().username;

// Composed from systemctl show's KEY=value format (see test/fixtures/runtimes for recorded output).
const SHOW_ACTIVE = [
  'MainPID=4242',
  'NRestarts=2',
  'LoadState=loaded',
  'ActiveState=active',
  'SubState=running',
  'ExecMainStartTimestamp=Sun 2025-06-01 10:00:00 UTC',
  '',
].join('\n');
const SHOW_MISSING = ['MainPID=0', 'LoadState=not-found', 'ActiveState=inactive', 'SubState=dead', 'ExecMainStartTimestamp=', ''].join('\n');

function sandbox(show = SHOW_ACTIVE, systemctlExit = 0) {
  const h = tempHome();
  after(() => h.cleanup());
  const bin = join(h.dir, 'bin');
  mkdirSync(bin);
  createFakeBin(bin, 'systemctl', {
    responses: [
      { when: ['show'], stdout: show },
      { when: ['enable'], exitCode: systemctlExit, stderr: systemctlExit ? 'Failed to enable unit: Access denied\n' : '' },
    ],
  });
  createFakeBin(bin, 'loginctl', { stdout: 'Linger=no\n' });
  const env: NodeJS.ProcessEnv = { ...h.env, PATH: `${bin}:${process.env.PATH}` };
  const unitFile = join(env.XDG_CONFIG_HOME!, 'systemd', 'user', UNIT);
  return { env, bin, unitFile, depinHome: env.DEPIN_HOME! };
}

test('install writes a user unit running this node and bin/depin.js, enables and starts it, and explains lingering', async () => {
  const s = sandbox();
  const r = await runCli(['service', 'install'], { env: s.env });
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(s.unitFile, 'utf8');
  assert.match(text, new RegExp(`^ExecStart=${process.execPath} ${BIN} daemon$`, 'm'));
  assert.match(text, /^Restart=on-failure$/m);
  assert.match(text, /^NoNewPrivileges=yes$/m);
  assert.match(text, /^WantedBy=default\.target$/m);
  assert.ok(text.includes(`Environment="DEPIN_HOME=${s.depinHome}"\n`), text);
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [
    ['--user', 'daemon-reload'],
    ['--user', 'enable', '--now', UNIT],
  ]);
  assert.deepEqual(readArgv(s.bin, 'loginctl'), [['show-user', user, '-p', 'Linger']]);
  assert.match(r.stderr, /Lingering is off/);
  assert.match(r.stderr, new RegExp(`loginctl enable-linger ${user}`));
  assert.ok(existsSync(join(s.depinHome, 'data')), 'the data folder exists before the sandbox starts');

  // Installing again changes nothing and only re-enables.
  const again = await runCli(['service', 'install', '--json'], { env: s.env });
  assert.equal(again.code, 0, again.stderr);
  const doc = again.json();
  assert.equal(doc.changed, false);
  assert.equal(doc.scope, 'user');
  assert.equal(doc.linger, false);
  assert.deepEqual(doc.execStart, [process.execPath, BIN, 'daemon']);
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(2), [['--user', 'enable', '--now', UNIT]]);
});

test('status reads the state through systemctl show; uninstall disables, removes and reloads', async () => {
  const s = sandbox();
  assert.equal((await runCli(['service', 'install'], { env: s.env })).code, 0);
  const st = await runCli(['service', 'status', '--json'], { env: s.env });
  assert.equal(st.code, 0, st.stderr);
  const doc = st.json();
  assert.equal(doc.activeState, 'active');
  assert.equal(doc.mainPid, 4242);
  assert.equal(doc.restarts, 2);
  assert.equal(doc.file, true);
  assert.equal(doc.linger, false);
  assert.deepEqual(readArgv(s.bin, 'systemctl').at(-1)?.slice(0, 3), ['--user', 'show', UNIT]);
  const human = await runCli(['service', 'status'], { env: s.env });
  assert.match(human.stdout, /^depin-daemon\.service \(user\): active \(running\) since 2025-06-01T10:00:00\.000Z$/m);

  const before = readArgv(s.bin, 'systemctl').length;
  const un = await runCli(['service', 'uninstall'], { env: s.env });
  assert.equal(un.code, 0, un.stderr);
  assert.equal(existsSync(s.unitFile), false);
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(before), [
    ['--user', 'disable', '--now', UNIT],
    ['--user', 'daemon-reload'],
    ['--user', 'reset-failed', UNIT],
  ]);
});

test('status of a unit that is not installed exits 4 and names the install command', async () => {
  const s = sandbox(SHOW_MISSING);
  const r = await runCli(['service', 'status'], { env: s.env });
  assert.equal(r.code, 4);
  assert.match(r.stderr, /not installed .*depin service install/);
  const un = await runCli(['service', 'uninstall', '--json'], { env: s.env });
  assert.equal(un.code, 0);
  assert.equal(un.json().removed, false);
});

test('a systemctl that refuses to enable: exit 1 with its message', async () => {
  const s = sandbox(SHOW_ACTIVE, 1);
  const r = await runCli(['service', 'install'], { env: s.env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /enabling depin-daemon\.service/);
  assert.match(r.stderr, /Access denied/);
});

test('--system without root exits 2 with the fix, and runs nothing', async () => {
  const s = sandbox();
  const asRoot = process.getuid?.() === 0;
  // As root the CLI is run as nobody, so the refusal is really exercised.
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'service', 'install', '--system'], {
      env: s.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--system needs root/);
  assert.match(r.stderr, /sudo depin service install --system/);
  assert.deepEqual(readArgv(s.bin, 'systemctl'), []);
});
