import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonUnit, insideHome, insideTmp } from '../../src/core/daemon-unit.js';
import { renderUnit } from '../../src/core/systemd-unit.js';

const base = {
  nodePath: process.execPath,
  binPath: '/opt/depin/bin/depin.js',
  home: '/home/ada',
};
const inHome = { config: '/home/ada/.config/depin', data: '/home/ada/.local/share/depin', logs: '/home/ada/.local/state/depin/logs' };
const outside = { config: '/var/lib/depin/config', data: '/var/lib/depin/data', logs: '/var/lib/depin/logs' };

test('a system unit with the data outside home: strict, depin folders writable, home read-only, DEPIN_HOME passed', () => {
  const { spec, hardening } = daemonUnit({ ...base, scope: 'system', paths: outside, depinHome: '/var/lib/depin' });
  const text = renderUnit(spec);
  assert.match(text, new RegExp(`^ExecStart=${process.execPath} /opt/depin/bin/depin.js daemon$`, 'm'));
  for (const line of [
    'Restart=on-failure',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    'ProtectSystem=strict',
    'ReadWritePaths=-/var/lib/depin/config -/var/lib/depin/data -/var/lib/depin/logs',
    'ProtectHome=read-only',
    'Environment="DEPIN_HOME=/var/lib/depin"',
    'EnvironmentFile=-/var/lib/depin/config/daemon.env',
    'WantedBy=multi-user.target',
  ])
    assert.ok(text.split('\n').includes(line), `${line} missing in\n${text}`);
  assert.match(text, /^# depin-daemon\.service: written by depin; `depin service install` rewrites it/m);
  assert.equal(hardening.protectHome, 'read-only');
});

test('data inside a home folder: no ProtectHome; a folder with a space falls back to ProtectSystem=full', () => {
  const home = renderUnit(daemonUnit({ ...base, scope: 'system', paths: inHome }).spec);
  assert.doesNotMatch(home, /ProtectHome/);
  assert.doesNotMatch(home, /DEPIN_HOME/, 'no DEPIN_HOME when it is not set');
  assert.ok(home.split('\n').includes('Environment="MALLOC_ARENA_MAX=2"'), home);
  const rootHome = daemonUnit({
    ...base,
    home: '/root',
    scope: 'system',
    paths: { config: '/root/.config/depin', data: '/root/.local/share/depin', logs: '/root/l' },
  });
  assert.equal(rootHome.hardening.protectHome, null);
  const spaced = daemonUnit({ ...base, scope: 'system', paths: { ...outside, data: '/srv/my data' } });
  const text = renderUnit(spaced.spec);
  assert.match(text, /^ProtectSystem=full$/m);
  assert.doesNotMatch(text, /ReadWritePaths/);
  assert.equal(spaced.hardening.protectSystem, 'full');
});

test('a user unit gets NoNewPrivileges only (a user manager cannot build the mount sandbox)', () => {
  const { spec, hardening } = daemonUnit({ ...base, scope: 'user', paths: inHome });
  const text = renderUnit(spec);
  assert.match(text, /^NoNewPrivileges=yes$/m);
  assert.doesNotMatch(text, /ProtectSystem|PrivateTmp|ReadWritePaths/);
  assert.match(text, /^WantedBy=default\.target$/m);
  assert.deepEqual(hardening, { noNewPrivileges: true, privateTmp: false, protectSystem: null, readWritePaths: [], protectHome: null });
});

test('depin folders under /tmp or /var/tmp: no PrivateTmp (it would hide them), the rest of the sandbox stays', () => {
  for (const root of ['/tmp/depin', '/var/tmp/depin']) {
    const paths = { config: `${root}/config`, data: `${root}/data`, logs: `${root}/logs` };
    const { spec, hardening } = daemonUnit({ ...base, scope: 'system', paths, depinHome: root });
    const text = renderUnit(spec);
    assert.doesNotMatch(text, /PrivateTmp/);
    assert.match(text, /^ProtectSystem=strict$/m);
    assert.match(text, new RegExp(`^ReadWritePaths=-${root}/config -${root}/data -${root}/logs$`, 'm'));
    assert.equal(hardening.privateTmp, false);
  }
  const bin = daemonUnit({ ...base, binPath: '/tmp/depin-src/bin/depin.js', scope: 'system', paths: outside });
  assert.equal(bin.hardening.privateTmp, false, 'the program itself under /tmp');
  assert.equal(insideTmp('/tmpfiles/depin'), false);
  assert.equal(insideTmp('/var/tmpx'), false);
  assert.equal(insideTmp('/tmp'), true);
});

test('insideHome knows the home folder, /home, /root and /run/user, and not look-alike prefixes', () => {
  assert.equal(insideHome('/home/ada/x', '/home/ada'), true);
  assert.equal(insideHome('/srv/ada/x', '/srv/ada'), true);
  assert.equal(insideHome('/root', '/home/ada'), true);
  assert.equal(insideHome('/run/user/1000/depin', '/home/ada'), true);
  assert.equal(insideHome('/homestead/depin', '/home/ada'), false);
  assert.equal(insideHome('/var/lib/depin', '/home/ada'), false);
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
/** What verify says about lines of `file` (it exits 0 on settings it ignores, so the output decides). */
function verify(file: string): string[] {
  const ran = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  return `${ran.stdout}${ran.stderr}`.split('\n').filter((line) => line.startsWith(`${file}:`));
}

const noAnalyze = analyze.status === 0 ? false : 'systemd-analyze is not installed (Debian package systemd)';

test('the generated units pass systemd-analyze verify', { skip: noAnalyze }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'depin-unit-verify-'));
  try {
    const bin = join(dir, 'depin.js');
    writeFileSync(bin, '');
    for (const [scope, paths] of [
      ['system', outside],
      ['system', inHome],
      ['user', inHome],
    ] as const) {
      const file = join(dir, 'depin-daemon.service');
      writeFileSync(file, renderUnit(daemonUnit({ ...base, binPath: bin, scope, paths, depinHome: '/var/lib/depin' }).spec));
      const problems = verify(file);
      assert.deepEqual(problems, [], `${scope} unit:\n${readFileSync(file, 'utf8')}`);
    }
    // The check itself catches a bad setting: verify exits 0 and only names the file and line.
    const bad = join(dir, 'bad.service');
    writeFileSync(bad, `[Service]\nExecStart=${process.execPath} x\nProtectSystem=bogus\n`);
    assert.equal(verify(bad).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('renderUnit quotes Environment= values and refuses unsafe names and writable paths', () => {
  const spec = daemonUnit({ ...base, scope: 'system', paths: outside }).spec;
  const text = renderUnit({ ...spec, environment: { DEPIN_HOME: '/srv/50% "x"\\y' } });
  assert.ok(text.includes('Environment="DEPIN_HOME=/srv/50%% \\"x\\"\\\\y"\n'), text);
  assert.throws(() => renderUnit({ ...spec, environment: { 'BAD-NAME': 'x' } }), /environment name "BAD-NAME"/);
  assert.throws(() => renderUnit({ ...spec, environment: { A: 'one\ntwo' } }), /environment value of A must be one line/);
  assert.throws(
    () => renderUnit({ ...spec, hardening: { protectSystem: 'strict', readWritePaths: ['relative/dir'] } }),
    /readWritePaths entry "relative\/dir"/,
  );
  // Plain `hardening: true` renders exactly as before for network units.
  const plain = renderUnit({ ...spec, hardening: true });
  assert.match(plain, /^PrivateTmp=yes\nProtectSystem=full\nProtectKernelTunables=yes$/m);
});
