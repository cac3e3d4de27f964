import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DepinError } from '../../src/domain/errors.js';
import { openHistory } from '../../src/store/history-db.js';
import { resolvePaths } from '../../src/store/paths.js';
import { BIN, tempHome, type CliResult } from '../helpers/cli.js';
import { chownTree, countingServer, damageMiddlePage, damageSnapshotPage, makeHistory, snapshot } from './history-fixtures.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-history-guard-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('history file modes', () => {
  test('a new history is 0600 (with its -wal and -shm) in a 0700 folder', async () => {
    const file = join(dir, 'modes', 'data', 'history.db');
    const history = await openHistory(file);
    history.insertSnapshots([snapshot(1)]);
    assert.equal(mode(file), 0o600);
    assert.equal(mode(`${file}-wal`), 0o600);
    assert.equal(mode(`${file}-shm`), 0o600);
    assert.equal(mode(dirname(file)), 0o700);
    assert.equal(mode(join(dir, 'modes')), 0o700);
    history.close();
  });

  test('a history left readable by others (an older depin) is made 0600 when opened', async () => {
    const file = join(dir, 'loose', 'history.db');
    mkdirSync(dirname(file));
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.close();
    chmodSync(file, 0o644);
    const history = await openHistory(file);
    history.insertSnapshots([snapshot(1)]);
    assert.equal(mode(file), 0o600);
    assert.equal(mode(`${file}-wal`), 0o600);
    history.close();
  });
});

describe('a damaged history is found before anything is written', () => {
  test('a page overwritten in the middle: opening fails naming the file and the fix, and the file is unchanged', async () => {
    const file = join(dir, 'middle', 'history.db');
    await makeHistory(file);
    const damaged = damageMiddlePage(readFileSync(file));
    writeFileSync(file, damaged);
    await assert.rejects(openHistory(file), (error: unknown) => {
      assert.ok(error instanceof DepinError, String(error));
      assert.equal(error.code, 'HISTORY_DAMAGED');
      assert.equal(error.kind, 'failure');
      assert.ok(error.message.startsWith(`${file} is not a readable depin history database (SQLite's quick check found damage: `), error.message);
      assert.ok(error.suggestion?.includes(`mv "${file}" "${file}.broken"`), error.suggestion);
      assert.match(error.suggestion!, /fills it from the next reads/);
      return true;
    });
    assert.ok(readFileSync(file).equals(damaged), 'not a byte written');
  });

  test('a reads-only open skips the whole-file check; a read that reaches a damaged page fails the same way and writes nothing', async () => {
    const file = join(dir, 'reads-only', 'history.db');
    await makeHistory(file);
    const damaged = damageSnapshotPage(readFileSync(file));
    writeFileSync(file, damaged);
    const history = await openHistory(file, { readsOnly: true });
    try {
      assert.throws(
        () => history.snapshotsSince(0),
        (error: unknown) => {
          assert.ok(error instanceof DepinError, String(error));
          assert.equal(error.code, 'HISTORY_DAMAGED');
          assert.ok(error.message.startsWith(`${file} is not a readable depin history database`), error.message);
          return true;
        },
      );
    } finally {
      history.close();
    }
    assert.ok(readFileSync(file).equals(damaged), 'not a byte written');
  });

  test('the same file without the damage opens and passes the check (the damage is what is found)', async () => {
    const file = join(dir, 'healthy', 'history.db');
    await makeHistory(file);
    const history = await openHistory(file);
    assert.deepEqual(history.quickCheck(), ['ok']);
    assert.equal(history.latestSnapshots().length, 40);
    history.close();
  });
});

/** The built CLI, as another user when the tests run as root (root may write any file). */
function runCliAs(args: string[], env: NodeJS.ProcessEnv, home: string): Promise<CliResult> {
  const asUser: { uid?: number; gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  if (asUser.uid !== undefined) chownTree(home, asUser.uid, asUser.gid!);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], ...asUser });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
}

describe('depin earnings stops before its reads when the history cannot take them', { timeout: 120_000 }, () => {
  /** A home with one wallet and every endpoint on a loopback server that counts requests. */
  async function setUp(t: { after(fn: () => unknown): void }) {
    const home = tempHome();
    const server = await countingServer();
    t.after(async () => {
      await server.close();
      home.cleanup();
    });
    const paths = resolvePaths(home.env);
    mkdirSync(paths.config, { recursive: true });
    const rpc = Object.fromEntries(['solana', 'ethereum', 'iotex', 'peaq', 'filecoin', 'akash', 'arweave'].map((c) => [c, server.url]));
    writeFileSync(
      paths.configFile,
      JSON.stringify({
        rpc,
        prices: { url: server.url },
        storj: { dashboardUrl: server.url },
        helium: { entitiesUrl: server.url, oracleUrl: server.url },
        http: { retries: 0 },
      }),
    );
    writeFileSync(
      paths.walletsFile,
      JSON.stringify({ version: 1, wallets: [{ address: snapshot(1).wallet, chain: 'ethereum', network: 'storj', addedAt: '2026-01-01T00:00:00.000Z' }] }),
    );
    return { home, server, paths };
  }

  test('a damaged history: exit 1 naming the file and the fix, no request made, the file unchanged', async (t) => {
    const { home, server, paths } = await setUp(t);
    await makeHistory(paths.dbFile);
    const damaged = damageMiddlePage(readFileSync(paths.dbFile));
    writeFileSync(paths.dbFile, damaged);
    const r = await runCliAs(['earnings'], home.env, home.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`error: ${paths.dbFile} is not a readable depin history database (SQLite's quick check found damage`), r.stderr);
    assert.ok(r.stderr.includes(`mv "${paths.dbFile}"`), r.stderr);
    assert.equal(server.count(), 0, 'it stopped before reading any chain or price');
    assert.ok(readFileSync(paths.dbFile).equals(damaged), 'nothing was written into it');
  });

  test('a read-only history: exit 1 naming the file and the fix (not "a bug"), no request made', async (t) => {
    const { home, server, paths } = await setUp(t);
    await makeHistory(paths.dbFile, 10);
    const before = readFileSync(paths.dbFile);
    chmodSync(paths.dbFile, 0o444);
    const r = await runCliAs(['earnings', '--json'], home.env, home.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`error: the history database ${paths.dbFile} cannot be written (${paths.dbFile} is read-only for this user`), r.stderr);
    assert.ok(r.stderr.includes(`chmod u+w "${paths.dbFile}"`), r.stderr);
    assert.doesNotMatch(r.stderr, /bug in depin/);
    assert.equal((r.json() as { error: { code: string } }).error.code, 'HISTORY_READ_ONLY');
    assert.equal(server.count(), 0, 'it stopped before reading any chain or price');
    assert.ok(readFileSync(paths.dbFile).equals(before));
  });

  test('a data folder that cannot be written: exit 1 naming the folder, no request made', async (t) => {
    const { home, server, paths } = await setUp(t);
    await makeHistory(paths.dbFile, 10);
    chmodSync(paths.data, 0o555);
    const r = await runCliAs(['earnings'], home.env, home.dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`the folder ${paths.data} is not writable`), r.stderr);
    assert.equal(server.count(), 0);
    assert.equal(existsSync(`${paths.dbFile}-wal`), false);
  });
});
