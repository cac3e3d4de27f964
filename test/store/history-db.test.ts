import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DepinError } from '../../src/domain/errors.js';
import { openHistory, type SnapshotRow } from '../../src/store/history-db.js';
import { rewardRecordsFrom } from '../../src/core/reward-records.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../src/store/migrations.js';
import { resolvePaths } from '../../src/store/paths.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-history-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const snap = (over: Partial<SnapshotRow>): SnapshotRow => ({
  takenAt: 1_000,
  wallet: 'wallet-a',
  chain: 'solana',
  network: 'helium',
  symbol: 'HNT',
  token: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
  decimals: 8,
  raw: 0n,
  coingeckoId: 'helium',
  ...over,
});

describe('migrations', () => {
  test('a new file gets the whole schema, and opening again changes nothing', async () => {
    const file = join(dir, 'migrate', 'history.db');
    const first = await openHistory(file);
    first.close();
    const raw = new Database(file);
    assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(migrate(raw), [], 'a second migration run applies nothing');
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['derived_accounts', 'events', 'power_samples', 'prices', 'read_failures', 'rewards', 'snapshots', 'vs_currencies']);
    raw.close();
    const again = await openHistory(file);
    assert.deepEqual(again.quickCheck(), ['ok']);
    again.close();
  });

  test('a failing step rolls back entirely and leaves the version where it was', () => {
    const raw = new Database(join(dir, 'failing.db'));
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, description: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);' },
    ];
    assert.throws(() => migrate(raw, broken), /no_such_table/);
    assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0);
    raw.close();
  });

  test('a file from a newer depin is refused with a suggestion, not migrated backwards', async () => {
    const file = join(dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    await assert.rejects(openHistory(file), (error: unknown) => {
      assert.ok(error instanceof DepinError);
      assert.equal(error.code, 'HISTORY_TOO_NEW');
      assert.equal(error.kind, 'failure');
      assert.ok(error.message.includes(file));
      return true;
    });
  });

  test('the default location is paths.dbFile under DEPIN_HOME', async () => {
    const paths = resolvePaths({ DEPIN_HOME: join(dir, 'home') });
    const history = await openHistory(paths.dbFile);
    history.close();
    assert.ok(existsSync(join(dir, 'home', 'data', 'history.db')));
  });
});

describe('snapshots', () => {
  test('stores raw amounts exactly and returns the latest of every series', async () => {
    const history = await openHistory(join(dir, 'snapshots.db'));
    const big = 123_456_789_012_345_678_901_234_567_890n;
    assert.equal(
      history.insertSnapshots([
        snap({ takenAt: 100, raw: 5n }),
        snap({ takenAt: 200, raw: 7n }),
        snap({
          takenAt: 150,
          wallet: 'wallet-b',
          chain: 'ethereum',
          network: 'storj',
          symbol: 'ETH',
          token: 'native',
          decimals: 18,
          raw: big,
          coingeckoId: undefined,
        }),
      ]),
      3,
    );
    assert.equal(history.insertSnapshots([snap({ takenAt: 200, raw: 9n })]), 0, 'the same series and time is stored once');
    const latest = history.latestSnapshots();
    assert.equal(latest.length, 2);
    const eth = latest.find((r) => r.symbol === 'ETH')!;
    assert.equal(eth.raw, big);
    assert.equal(eth.decimals, 18);
    assert.equal(eth.coingeckoId, undefined);
    assert.deepEqual(
      latest.find((r) => r.symbol === 'HNT'),
      snap({ takenAt: 200, raw: 7n }),
    );
    history.close();
  });

  test('snapshotsSince includes the last snapshot at or before the start of each series', async () => {
    const history = await openHistory(join(dir, 'since.db'));
    history.insertSnapshots([
      snap({ takenAt: 10, raw: 1n }),
      snap({ takenAt: 20, raw: 2n }),
      snap({ takenAt: 30, raw: 3n }),
      snap({ takenAt: 40, raw: 4n }),
      snap({ takenAt: 5, wallet: 'old-only', raw: 50n }),
      snap({ takenAt: 35, wallet: 'new-only', raw: 60n }),
    ]);
    const rows = history.snapshotsSince(25).map((r) => [r.wallet, r.takenAt]);
    assert.deepEqual(rows, [
      ['new-only', 35],
      ['old-only', 5],
      ['wallet-a', 20],
      ['wallet-a', 30],
      ['wallet-a', 40],
    ]);
    assert.deepEqual(
      history
        .snapshotsSince(20)
        .filter((r) => r.wallet === 'wallet-a')
        .map((r) => r.takenAt),
      [20, 30, 40],
      'a snapshot exactly at the start opens the period',
    );
    history.close();
  });

  test('a batch with one bad row stores nothing', async () => {
    const history = await openHistory(join(dir, 'atomic.db'));
    assert.throws(() => history.insertSnapshots([snap({ takenAt: 1, raw: 1n }), snap({ takenAt: 2, raw: 2n }), snap({ takenAt: 3, raw: -1n })]), /negative/);
    assert.equal(history.latestSnapshots().length, 0);
    history.close();
  });
});

describe('rewards, failures and prices', () => {
  test('round-trip through the database', async () => {
    const history = await openHistory(join(dir, 'others.db'));
    const records = rewardRecordsFrom('storj', 'storj-estimated-payout', [
      {
        source: 'dashboard',
        symbol: 'STORJ',
        chain: 'ethereum',
        amount: '12.345',
        unit: 'usd',
        kind: 'estimated',
        period: '2025-03',
        at: '2025-03-10T00:00:00.000Z',
      },
      { source: 'dashboard', symbol: 'STORJ', amount: '1.5', unit: 'usd', kind: 'estimated', at: '2025-02-01T00:00:00.000Z' },
    ]);
    history.insertRewards(records);
    const since = Date.parse('2025-03-01T00:00:00Z');
    assert.deepEqual(history.rewardsSince(since), [records[0]]);
    assert.equal(history.rewardsSince(0).length, 2);
    assert.equal(history.rewardsSince(0)[0].chain, undefined);

    history.insertReadFailures([
      { at: 5, chain: 'solana', status: 'unreachable', reason: 'timed out' },
      { at: 9, chain: 'ethereum', status: 'bad-response', reason: 'HTTP 400', network: 'storj', wallet: '0xabc', token: 'native' },
    ]);
    assert.deepEqual(history.failuresSince(6), [
      { at: 9, chain: 'ethereum', status: 'bad-response', reason: 'HTTP 400', network: 'storj', wallet: '0xabc', token: 'native' },
    ]);

    history.upsertPrices([
      { id: 'helium', currency: 'usd', price: 4.5, fetchedAt: 100 },
      { id: 'helium', currency: 'usd', price: 4.75, fetchedAt: 200 },
      { id: 'storj', currency: 'usd', price: 0.3, fetchedAt: 150 },
    ]);
    history.upsertPrices([{ id: 'helium', currency: 'usd', price: 4.8, fetchedAt: 200 }]);
    const prices = history.getPrices(['helium', 'storj', 'never'], 'usd');
    assert.deepEqual(prices.get('helium'), { id: 'helium', currency: 'usd', price: 4.8, fetchedAt: 200 });
    assert.deepEqual(prices.get('storj'), { id: 'storj', currency: 'usd', price: 0.3, fetchedAt: 150 });
    assert.equal(prices.has('never'), false);
    assert.deepEqual(
      history.priceHistory(['helium'], 'usd', 150).map((p) => p.price),
      [4.8],
    );
    history.close();
  });

  test('recordRun stores a whole run or nothing', async () => {
    const history = await openHistory(join(dir, 'run.db'));
    assert.throws(() =>
      history.recordRun({
        snapshots: [snap({ takenAt: 1, raw: 1n })],
        failures: [{ at: 1, chain: 'solana', status: 'unreachable', reason: 'down' }],
        rewards: [{ at: 1, network: 'helium', sourceId: 's', source: 's', symbol: 'HNT', amount: '1', unit: 'token', kind: 'nonsense' as 'pending' }],
      }),
    );
    assert.equal(history.latestSnapshots().length, 0);
    assert.equal(history.failuresSince(0).length, 0);
    history.recordRun({ snapshots: [snap({ takenAt: 1, raw: 1n })], failures: [{ at: 1, chain: 'solana', status: 'unreachable', reason: 'down' }] });
    assert.equal(history.latestSnapshots().length, 1);
    assert.equal(history.failuresSince(0).length, 1);
    history.close();
  });
});

describe('a damaged file', () => {
  test('a file that is not SQLite is reported and left byte for byte as it was', async () => {
    const file = join(dir, 'garbage', 'history.db');
    mkdirSync(join(dir, 'garbage'), { recursive: true });
    const bytes = Buffer.from('this is a shopping list, not a database\n'.repeat(200));
    writeFileSync(file, bytes);
    await assert.rejects(openHistory(file), (error: unknown) => {
      assert.ok(error instanceof DepinError);
      assert.equal(error.code, 'HISTORY_DAMAGED');
      assert.equal(error.kind, 'failure');
      assert.ok(error.message.includes(file), error.message);
      assert.ok(error.suggestion?.includes(`mv "${file}"`), error.suggestion);
      return true;
    });
    assert.deepEqual(readFileSync(file), bytes);
    assert.equal(existsSync(`${file}-wal`), false);
    assert.equal(existsSync(`${file}-shm`), false);
  });

  test('damaged pages behind a valid header become the same clear error when read', async () => {
    const file = join(dir, 'pages.db');
    const history = await openHistory(file);
    const rows = Array.from({ length: 400 }, (_, i) => snap({ takenAt: i + 1, wallet: `w${i}`, raw: BigInt(i) }));
    history.insertSnapshots(rows);
    history.close();
    const checkpoint = new Database(file);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Overwrite every page after the first (schema) page with noise.
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writeFileSync(file, bytes);
    const damaged = await openHistory(file).catch((error: unknown) => error);
    const failure =
      damaged instanceof DepinError
        ? damaged
        : (() => {
            try {
              (damaged as Awaited<ReturnType<typeof openHistory>>).latestSnapshots();
              return undefined;
            } catch (error) {
              return error;
            } finally {
              (damaged as Awaited<ReturnType<typeof openHistory>>).close();
            }
          })();
    assert.ok(failure instanceof DepinError, `expected a DepinError, got ${String(failure)}`);
    assert.equal(failure.code, 'HISTORY_DAMAGED');
    assert.ok(failure.message.includes(file));
  });
});
