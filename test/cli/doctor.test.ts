import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { startKeyring } from '../helpers/keyring.js';
import { fixturePath, fixtureText } from '../hardware/fixtures.js';
import { DOCKER_INFO_FORMAT } from '../../src/hardware/parse-tool-versions.js';
import { resolvePaths } from '../../src/store/paths.js';
import { openHistory } from '../../src/store/history-db.js';
import { damageMiddlePage, makeHistory, snapshot } from '../store/history-fixtures.js';

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

const PASSPHRASE = 'correct horse battery staple 7741';
const FILE_BACKEND = { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: PASSPHRASE };

/** The checks of a `doctor --json` run, after asserting the document's shape and its exit code. */
function checksOf(r: CliResult): Check[] {
  const doc = r.json() as { ok: boolean; checks: Check[] };
  const failed = doc.checks.filter((c) => c.status === 'fail');
  assert.equal(doc.ok, failed.length === 0);
  assert.equal(r.code, failed.length === 0 ? 0 : 1, r.stderr);
  for (const c of doc.checks) {
    assert.ok(['ok', 'warn', 'fail'].includes(c.status), `${c.name}: ${c.status}`);
    assert.ok(c.detail.length > 0, `${c.name} has a detail`);
    // Every problem comes with what to do about it.
    if (c.status !== 'ok') assert.ok(typeof c.fix === 'string' && c.fix.length > 10, `${c.name} (${c.status}) has a fix`);
  }
  return doc.checks;
}

/** Every file and folder under `root` with its mode, size, time and a hash of its bytes. */
function treeState(root: string): string[] {
  if (!existsSync(root)) return ['(absent)'];
  const out: string[] = [];
  (function walk(path: string) {
    const st = lstatSync(path);
    const hash = st.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : '';
    out.push(`${path} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${hash}`);
    if (st.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
  })(root);
  return out;
}

const named = (checks: Check[], name: string) => checks.find((c) => c.name === name)!;
const failures = (checks: Check[]) => checks.filter((c) => c.status === 'fail').map((c) => c.name);

describe('depin doctor', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const paths = resolvePaths(home.env);

  it('with DEPIN_PASSPHRASE and the file backend: secrets warn and use the encrypted file', async () => {
    // A Docker CLI whose daemon is down, as recorded on a machine without one.
    const bin = join(home.dir, 'bin');
    createFakeBin(bin, 'docker', {
      responses: [
        { when: ['--version'], stdoutFile: fixturePath('docker-version-28.2.2.txt') },
        { when: ['info'], stdout: '\n', stderr: fixtureText('docker-info-no-daemon.stderr.txt'), exitCode: 1 },
      ],
      exitCode: 1,
    });
    const r = await runCli(['doctor', '--json'], { env: { ...home.env, ...FILE_BACKEND, PATH: `${bin}${delimiter}${home.env.PATH}` } });
    const checks = checksOf(r);
    assert.deepEqual(
      checks.slice(0, 6).map((c) => c.name),
      ['node', 'config', 'data folder', 'config folder', 'secrets', 'history'],
    );
    for (const name of ['docker', 'systemd', 'kubectl', 'helm', 'plugins']) assert.ok(named(checks, name), name);
    assert.deepEqual(failures(checks), []);
    assert.equal(r.code, 0);

    const secrets = named(checks, 'secrets');
    assert.equal(secrets.status, 'warn');
    assert.ok(secrets.detail.includes(`encrypted file ${paths.secretsFile}`), secrets.detail);
    assert.match(secrets.detail, /DEPIN_PASSPHRASE/);
    assert.match(secrets.fix!, /Unset DEPIN_SECRETS_BACKEND/);
    assert.ok(!r.stdout.includes(PASSPHRASE) && !r.stderr.includes(PASSPHRASE), 'the passphrase is never printed');
    assert.equal(existsSync(paths.secretsFile), false, 'doctor stores no secret');

    assert.deepEqual(named(checks, 'config'), { name: 'config', status: 'ok', detail: paths.configFile });
    assert.deepEqual(named(checks, 'plugins'), { name: 'plugins', status: 'ok', detail: '13 loaded' });
    const docker = named(checks, 'docker');
    assert.equal(docker.status, 'warn');
    assert.match(docker.detail, /^docker 28\.2\.2 is installed but its daemon does not answer/);
    assert.match(docker.fix!, /systemctl start docker/);
    assert.deepEqual(
      readArgv(bin, 'docker').find((argv) => argv[0] === 'info'),
      ['info', '--format', DOCKER_INFO_FORMAT],
    );
  });

  it('with a running keyring: secrets are ok in the OS keychain', async (t) => {
    const env: NodeJS.ProcessEnv = { ...home.env };
    const started = await startKeyring(env);
    if (!started.ok) return t.skip(started.skip);
    t.after(() => started.keyring.stop());
    const r = await runCli(['doctor', '--json'], { env });
    const secrets = named(checksOf(r), 'secrets');
    assert.equal(secrets.status, 'ok', secrets.detail);
    assert.match(secrets.detail, /^OS keychain/);
  });

  it('headless, no secret stored, no DEPIN_PASSPHRASE: secrets only warn, exit 0', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const env: NodeJS.ProcessEnv = { ...local.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await runCli(['doctor', '--json'], { env });
    const checks = checksOf(r);
    assert.deepEqual(failures(checks), []);
    assert.equal(r.code, 0);
    const secrets = named(checks, 'secrets');
    assert.equal(secrets.status, 'warn');
    assert.match(secrets.detail, /DEPIN_PASSPHRASE is not set; no secret is stored, so nothing needs one yet/);
    assert.match(secrets.fix!, /set DEPIN_PASSPHRASE/);
  });

  it('with the keychain demanded but unreachable and no secret stored: a warning with the fix, exit 0', async () => {
    const env: NodeJS.ProcessEnv = { ...home.env, DEPIN_SECRETS_BACKEND: 'keychain' };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await runCli(['doctor', '--json'], { env });
    const secrets = named(checksOf(r), 'secrets');
    assert.equal(secrets.status, 'warn');
    assert.match(secrets.detail, /^no OS keychain: /);
    // The keychain was demanded, so a passphrase would not help: the fix says what would.
    assert.match(secrets.fix!, /unset DEPIN_SECRETS_BACKEND/);
    assert.equal(r.code, 0);
  });

  it('with secrets stored in the encrypted file and no DEPIN_PASSPHRASE: secrets fail, exit 1, with the fix', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const { secretsFile } = resolvePaths(local.env);
    // What the encrypted-file store writes; its contents do not matter here, only that secrets exist.
    mkdirSync(dirname(secretsFile), { recursive: true });
    writeFileSync(secretsFile, '{"version":1}\n', { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { ...local.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const [json, table] = await Promise.all([runCli(['doctor', '--json'], { env }), runCli(['doctor'], { env })]);
    const checks = checksOf(json);
    assert.deepEqual(failures(checks), ['secrets']);
    assert.equal(json.code, 1);
    const secrets = named(checks, 'secrets');
    assert.ok(secrets.detail.includes(`the secrets stored in ${secretsFile} cannot be read`), secrets.detail);
    assert.match(secrets.fix!, /set DEPIN_PASSPHRASE/);

    assert.equal(table.code, 1);
    assert.match(table.stdout, /│ secrets\s+│ FAIL\s+│ /);
    assert.match(table.stdout, /│\s+│\s+│ fix: /);
    assert.match(table.stdout, /\n1 problem found\.\n$/);
  });

  it('a corrupt config file: config fails naming the file, exit 1, and the file is untouched', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const file = resolvePaths(local.env).configFile;
    mkdirSync(dirname(file), { recursive: true });
    const corrupt = '{"rpc": {"solana": ';
    writeFileSync(file, corrupt);
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    const checks = checksOf(r);
    assert.deepEqual(failures(checks), ['config']);
    const config = named(checks, 'config');
    assert.ok(config.detail.includes(file) && /not valid JSON/.test(config.detail), config.detail);
    assert.ok(config.fix!.includes(file), config.fix);
    assert.equal(readFileSync(file, 'utf8'), corrupt);
  });

  it('a broken third-party plugin: its own check fails, exit 1, the rest still load', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const { pluginsDir } = resolvePaths(local.env);
    // The state `depin plugins add` leaves behind (tested in plugins.test.ts), made without npm.
    mkdirSync(join(pluginsDir, 'node_modules'), { recursive: true });
    writeFileSync(join(pluginsDir, 'package.json'), JSON.stringify({ name: 'depin-plugins', private: true, dependencies: { 'depin-plugin-throws': '0.1.0' } }));
    cpSync(
      fileURLToPath(new URL('../../../test/fixtures/plugins/depin-plugin-throws', import.meta.url)),
      join(pluginsDir, 'node_modules', 'depin-plugin-throws'),
      { recursive: true },
    );
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    const checks = checksOf(r);
    assert.deepEqual(failures(checks), ['plugin depin-plugin-throws']);
    const plugin = named(checks, 'plugin depin-plugin-throws');
    assert.match(plugin.detail, /failed to load: boom: this plugin fails while loading/);
    assert.match(plugin.fix!, /depin plugins remove depin-plugin-throws/);
    assert.deepEqual(named(checks, 'plugins'), { name: 'plugins', status: 'ok', detail: '13 loaded' });
  });

  it('changes nothing it checks: a fresh machine gets no data folder, no history, no probe files', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    const checks = checksOf(r);
    assert.deepEqual(failures(checks), []);
    assert.deepEqual(treeState(local.env.DEPIN_HOME!), ['(absent)']);
    const paths = resolvePaths(local.env);
    assert.deepEqual(named(checks, 'history'), { name: 'history', status: 'ok', detail: `${paths.dbFile} does not exist yet; \`depin earnings\` creates it` });
    assert.match(named(checks, 'data folder').detail, /does not exist yet; depin creates it/);
  });

  it("an existing history passes SQLite's quick check, and doctor leaves the data folder exactly as it was", async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const paths = resolvePaths(local.env);
    await makeHistory(paths.dbFile);
    const before = treeState(local.env.DEPIN_HOME!);
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    const history = named(checksOf(r), 'history');
    assert.equal(history.status, 'ok', history.detail);
    assert.match(history.detail, /MB, quick check ok\)$/);
    assert.deepEqual(treeState(local.env.DEPIN_HOME!), before, 'no file created, changed or touched (no -wal, no -shm, no probe)');
  });

  it('a history another depin has open (its -wal present) is checked through a read-only connection', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const paths = resolvePaths(local.env);
    const open = await openHistory(paths.dbFile);
    t.after(() => open.close());
    open.insertSnapshots([snapshot(1), snapshot(2)]);
    assert.ok(existsSync(`${paths.dbFile}-wal`));
    const main = readFileSync(paths.dbFile);
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    assert.equal(named(checksOf(r), 'history').status, 'ok');
    assert.ok(readFileSync(paths.dbFile).equals(main));
  });

  it('a history with a page overwritten in the middle fails with the file and the fix, and is left unchanged', async (t) => {
    const local = tempHome();
    t.after(local.cleanup);
    const paths = resolvePaths(local.env);
    await makeHistory(paths.dbFile);
    writeFileSync(paths.dbFile, damageMiddlePage(readFileSync(paths.dbFile)));
    const before = treeState(local.env.DEPIN_HOME!);
    const r = await runCli(['doctor', '--json'], { env: { ...local.env, ...FILE_BACKEND } });
    const checks = checksOf(r);
    assert.deepEqual(failures(checks), ['history']);
    assert.equal(r.code, 1);
    const history = named(checks, 'history');
    assert.ok(history.detail.startsWith(`${paths.dbFile} is not a readable depin history database (SQLite's quick check found damage`), history.detail);
    assert.ok(history.fix!.includes(`mv "${paths.dbFile}"`), history.fix);
    assert.deepEqual(treeState(local.env.DEPIN_HOME!), before);
  });
});
