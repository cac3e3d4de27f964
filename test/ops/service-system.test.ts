// `depin service install|status|uninstall --system` end to end as root: the built CLI runs in a private
// mount namespace where a temp folder is bind-mounted over /etc/systemd/system, with a fake systemctl
// on PATH. The unit it writes is checked (and verified by systemd-analyze when present); the host's
// own /etc/systemd/system is compared before and after.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, tempHome } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { which } from '../../src/system/which.js';

const UNIT = 'depin-daemon.service';
const SYSTEM_DIR = '/etc/systemd/system';

// Composed from systemctl show's KEY=value format.
const SHOW_ACTIVE = ['MainPID=4242', 'NRestarts=0', 'LoadState=loaded', 'ActiveState=active', 'SubState=running', 'ExecMainStartTimestamp=', ''].join('\n');

/** Why the namespaced run cannot happen here, or false when it can. */
function whySkip(): string | false {
  if (process.platform !== 'linux') return 'mount namespaces exist only on Linux';
  if (process.getuid?.() !== 0) return 'a private mount namespace needs root; run the tests as root (as CI does) to include this one';
  if (!which('unshare')) return 'unshare is not installed (Debian: apt-get install util-linux)';
  if (!existsSync(SYSTEM_DIR)) return `${SYSTEM_DIR} does not exist here, so nothing can be mounted over it`;
  const probe = mkdtempSync(join(tmpdir(), 'depin-ns-probe-'));
  try {
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'mount', '--bind', probe, SYSTEM_DIR], { encoding: 'utf8' });
    return r.status === 0 ? false : `unshare -m cannot bind-mount here: ${r.stderr.trim() || `exit ${r.status}`}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const skip = whySkip();
const noAnalyze = which('systemd-analyze') ? false : 'systemd-analyze is not installed (Debian package systemd)';

/** Everything about the host's unit folder that a write would change: names, types, sizes, times, link targets. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  (function walk(d: string) {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      out.push(`${path} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs}${st.isSymbolicLink() ? ` -> ${readlinkSync(path)}` : ''}`);
      if (st.isDirectory()) walk(path);
    }
  })(dir);
  return out;
}

/** The built CLI in its own mount namespace, with `unitDir` over /etc/systemd/system and umask 077. */
function runNamespaced(unitDir: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = 'umask 077 && mount --bind "$1" /etc/systemd/system && shift && exec "$@"';
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', unitDir, process.execPath, BIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function verify(file: string): { status: number | null; problems: string[]; output: string } {
  const runtime = mkdtempSync(join(tmpdir(), 'depin-verify-run-'));
  try {
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], {
      encoding: 'utf8',
      env: { ...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_LEVEL: 'warning' },
    });
    const output = `${r.stdout}${r.stderr}`;
    return { status: r.status, problems: output.split('\n').filter((line) => line.startsWith(`${file}:`)), output };
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
}

test('service install, status and uninstall --system write, read and remove a system unit, and leave the host alone', { skip }, async (t) => {
  const h = tempHome();
  after(() => h.cleanup());
  const bin = join(h.dir, 'bin');
  const unitDir = join(h.dir, 'etc-systemd-system');
  mkdirSync(bin);
  mkdirSync(unitDir);
  createFakeBin(bin, 'systemctl', { responses: [{ when: ['show'], stdout: SHOW_ACTIVE }] });
  const env: NodeJS.ProcessEnv = { ...h.env, PATH: `${bin}:${process.env.PATH}`, DEPIN_SECRETS_BACKEND: 'file' };
  const depinHome = env.DEPIN_HOME!;
  const hostBefore = snapshot(SYSTEM_DIR);

  const install = await runNamespaced(unitDir, ['service', 'install', '--system', '--json'], env);
  assert.equal(install.code, 0, install.stderr);
  const doc = JSON.parse(install.stdout);
  assert.equal(doc.scope, 'system');
  assert.equal(doc.path, join(SYSTEM_DIR, UNIT));
  assert.equal(doc.changed, true);
  assert.equal(doc.hardening.privateTmp, false, 'depin lives under /tmp here, which a private /tmp would hide');
  assert.deepEqual(readArgv(bin, 'systemctl'), [['daemon-reload'], ['enable', '--now', UNIT]]);

  const file = join(unitDir, UNIT);
  assert.equal((statSync(file).mode & 0o777).toString(8), '644', 'readable by systemd and admins despite umask 077');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  for (const line of [
    `ExecStart=${process.execPath} ${BIN} daemon`,
    'Restart=on-failure',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    `ReadWritePaths=-${depinHome}/config -${depinHome}/data -${depinHome}/logs`,
    'ProtectHome=read-only',
    `Environment="DEPIN_HOME=${depinHome}"`,
    'WantedBy=multi-user.target',
  ])
    assert.ok(lines.includes(line), `${line} missing in\n${text}`);
  assert.doesNotMatch(text, /^PrivateTmp=/m);
  assert.doesNotMatch(text, /^User=/m);
  for (const dir of ['config', 'data', 'logs']) assert.ok(existsSync(join(depinHome, dir)), `${dir} exists before ProtectSystem=strict needs it`);

  await t.test('the written unit passes systemd-analyze verify', { skip: noAnalyze }, () => {
    const v = verify(file);
    assert.equal(v.status, 0, v.output);
    assert.deepEqual(v.problems, [], v.output);
  });

  const status = await runNamespaced(unitDir, ['service', 'status', '--system', '--json'], env);
  assert.equal(status.code, 0, status.stderr);
  const st = JSON.parse(status.stdout);
  assert.equal(st.file, true);
  assert.equal(st.activeState, 'active');
  assert.equal(st.mainPid, 4242);
  assert.deepEqual(readArgv(bin, 'systemctl').at(-1)?.slice(0, 2), ['show', UNIT]);

  const again = await runNamespaced(unitDir, ['service', 'install', '--system'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.ok(again.stderr.includes(`${UNIT} unchanged at ${join(SYSTEM_DIR, UNIT)}, enabled and started.`), again.stderr);
  assert.match(again.stderr, /shared \/tmp \(depin's folders are under it\)/);
  assert.doesNotMatch(again.stderr, /PrivateTmp/);

  const calls = readArgv(bin, 'systemctl').length;
  const un = await runNamespaced(unitDir, ['service', 'uninstall', '--system', '--json'], env);
  assert.equal(un.code, 0, un.stderr);
  assert.equal(JSON.parse(un.stdout).removed, true);
  assert.equal(existsSync(file), false);
  assert.deepEqual(readArgv(bin, 'systemctl').slice(calls), [['disable', '--now', UNIT], ['daemon-reload'], ['reset-failed', UNIT]]);

  const gone = await runNamespaced(unitDir, ['service', 'uninstall', '--system', '--json'], env);
  assert.equal(gone.code, 0, gone.stderr);
  assert.equal(JSON.parse(gone.stdout).removed, false);

  assert.equal(existsSync(join(SYSTEM_DIR, UNIT)), false);
  assert.deepEqual(snapshot(SYSTEM_DIR), hostBefore, "the host's /etc/systemd/system is untouched");
});
