// `depin service install` under a strict umask and with a systemctl that fails to reload: the unit file
// reads 0644, and a failed reload puts the previous file back so that a rerun does the work again.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';

const UNIT = 'depin-daemon.service';

// Children inherit it: the CLI runs as under a hardened login shell or a service manager with UMask=0077.
process.umask(0o077);

function sandbox() {
  const h = tempHome();
  after(() => h.cleanup());
  const bin = join(h.dir, 'bin');
  mkdirSync(bin);
  createFakeBin(bin, 'loginctl', { stdout: 'Linger=yes\n' });
  const env: NodeJS.ProcessEnv = { ...h.env, PATH: `${bin}:${process.env.PATH}` };
  return { env, bin, dir: h.dir, unitFile: join(env.XDG_CONFIG_HOME!, 'systemd', 'user', UNIT) };
}

/** A systemctl whose daemon-reload fails as a user manager without a session bus does. */
function systemctl(bin: string, reloadFails: boolean): void {
  createFakeBin(bin, 'systemctl', {
    responses: reloadFails ? [{ when: ['daemon-reload'], exitCode: 1, stderr: 'Failed to connect to bus: No medium found\n' }] : [],
  });
}

const mode = (path: string) => statSync(path).mode & 0o777;

test('the unit file is 0644 whatever the umask', async () => {
  const s = sandbox();
  systemctl(s.bin, false);
  const r = await runCli(['service', 'install'], { env: s.env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mode(s.unitFile).toString(8), '644');
});

test('a failed daemon-reload of a new unit removes it, and the rerun writes and reloads again', async () => {
  const s = sandbox();
  systemctl(s.bin, true);
  const failed = await runCli(['service', 'install'], { env: s.env });
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /reloading systemd/);
  assert.match(failed.stderr, /Failed to connect to bus/);
  assert.equal(existsSync(s.unitFile), false, 'no unit file is left behind');
  assert.deepEqual(readArgv(s.bin, 'systemctl'), [['--user', 'daemon-reload']], 'nothing is enabled after a failed reload');

  systemctl(s.bin, false);
  const again = await runCli(['service', 'install', '--json'], { env: s.env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json().changed, true);
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(1), [
    ['--user', 'daemon-reload'],
    ['--user', 'enable', '--now', UNIT],
  ]);
});

test('a failed daemon-reload of a changed unit puts the previous file back, mode and all', async () => {
  const s = sandbox();
  systemctl(s.bin, false);
  assert.equal((await runCli(['service', 'install'], { env: s.env })).code, 0);
  const previous = readFileSync(s.unitFile, 'utf8');

  // Another DEPIN_HOME changes the unit's Environment= line.
  const moved = { ...s.env, DEPIN_HOME: join(s.dir, 'elsewhere') };
  systemctl(s.bin, true);
  const failed = await runCli(['service', 'install'], { env: moved });
  assert.equal(failed.code, 1);
  assert.equal(readFileSync(s.unitFile, 'utf8'), previous);
  assert.equal(mode(s.unitFile).toString(8), '644');

  systemctl(s.bin, false);
  const calls = readArgv(s.bin, 'systemctl').length;
  const again = await runCli(['service', 'install', '--json'], { env: moved });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json().changed, true);
  assert.ok(readFileSync(s.unitFile, 'utf8').includes(`Environment="DEPIN_HOME=${moved.DEPIN_HOME}"`));
  assert.deepEqual(readArgv(s.bin, 'systemctl').slice(calls), [
    ['--user', 'daemon-reload'],
    ['--user', 'enable', '--now', UNIT],
    ['--user', 'try-restart', UNIT],
  ]);
});
