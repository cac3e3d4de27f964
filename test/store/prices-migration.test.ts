import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../src/store/migrations.js';
import { openHistory } from '../../src/store/history-db.js';

const dir = mkdtempSync(join(tmpdir(), 'depin-prices-migration-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('schema 4: prices per currency', () => {
  test('a version 3 database keeps its USD prices as usd spot prices', async () => {
    const file = join(dir, 'v3.db');
    const raw = new Database(file);
    migrate(
      raw,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    assert.equal(raw.pragma('user_version', { simple: true }), 3);
    const insert = raw.prepare('INSERT INTO prices (coingecko_id, fetched_at, usd) VALUES (?, ?, ?)');
    insert.run('helium', 1_000, 4.5);
    insert.run('helium', 2_000, 4.75);
    insert.run('storj', 1_500, 0.31);
    raw.close();

    const history = await openHistory(file);
    try {
      assert.deepEqual(history.getPrices(['helium', 'storj'], 'usd').get('helium'), { id: 'helium', currency: 'usd', price: 4.75, fetchedAt: 2_000 });
      assert.deepEqual(
        history.priceHistory(['helium', 'storj'], 'usd').map((p) => [p.id, p.price, p.fetchedAt]),
        [
          ['helium', 4.5, 1_000],
          ['storj', 0.31, 1_500],
          ['helium', 4.75, 2_000],
        ],
      );
      assert.equal(history.getPrices(['helium'], 'eur').size, 0, 'USD prices are not EUR prices');
    } finally {
      history.close();
    }
    const after = new Database(file);
    assert.equal(after.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    after.close();
  });

  test('daily prices and known gaps are kept per currency; a bad one stores nothing', async () => {
    const history = await openHistory(join(dir, 'days.db'));
    try {
      history.upsertDayPrices([
        { id: 'helium', currency: 'eur', day: '2026-03-01', price: 4.1 },
        { id: 'helium', currency: 'eur', day: '2026-03-02', price: null },
        { id: 'helium', currency: 'usd', day: '2026-03-01', price: 4.4 },
      ]);
      assert.deepEqual(history.dayPrices(['helium'], 'eur'), [
        { id: 'helium', currency: 'eur', day: '2026-03-01', price: 4.1 },
        { id: 'helium', currency: 'eur', day: '2026-03-02', price: null },
      ]);
      assert.deepEqual(
        history.dayPrices(['helium'], 'eur', '2026-03-02').map((d) => d.day),
        ['2026-03-02'],
      );
      assert.throws(() =>
        history.upsertDayPrices([
          { id: 'helium', currency: 'eur', day: '2026-03-03', price: 1 },
          { id: 'helium', currency: 'eur', day: '2026-03-04', price: -1 },
        ]),
      );
      assert.equal(history.dayPrices(['helium'], 'eur', '2026-03-03').length, 0, 'all or nothing');
      assert.equal(history.vsCurrencies(), undefined);
      history.storeVsCurrencies(['eur', 'usd'], 42);
      assert.deepEqual(history.vsCurrencies(), { codes: ['eur', 'usd'], fetchedAt: 42 });
    } finally {
      history.close();
    }
  });
});
