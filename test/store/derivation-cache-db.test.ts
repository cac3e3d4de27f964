import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDerivationCache } from '../../src/store/derivation-cache-db.js';
import { openHistory } from '../../src/store/history-db.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-derivation-cache-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const DERIVED = MIGRATIONS.find((m) => m.sql.includes('derived_accounts'))!;
const entries = (n: number, tag = 'a'): [string, string][] => Array.from({ length: n }, (_, i) => [`owner${i}|mint|program`, `address-${tag}-${i}`]);

describe('derivation cache in the history database', () => {
  test('round trip: one transaction in, one lookup out, kept after reopening', async () => {
    const file = join(dir, 'round-trip.db');
    const history = await openHistory(file);
    const cache = history.derivationCache();
    assert.equal(history.derivationCache(), cache, 'one instance per database');
    const stored = entries(2_000);
    cache.putMany(stored);
    const asked = [...stored.map(([key]) => key), 'never|stored|key'];
    const found = cache.getMany(asked);
    assert.equal(found.size, stored.length);
    assert.deepEqual(found, new Map(stored));
    assert.equal(cache.getMany([]).size, 0);
    cache.putMany([]);
    history.close();

    const again = await openHistory(file);
    assert.deepEqual(again.derivationCache().getMany(asked), new Map(stored));
    again.close();
  });

  test('a differing entry replaces the stored one; the same entry changes nothing', async () => {
    const raw = new Database(join(dir, 'replace.db'));
    migrate(raw);
    const cache = openDerivationCache(raw);
    cache.putMany([
      ['k1', 'damaged'],
      ['k2', 'two'],
    ]);
    const changes = () => raw.prepare('SELECT total_changes()').pluck().get() as number;
    const beforeSame = changes();
    cache.putMany([['k2', 'two']]);
    assert.equal(changes(), beforeSame, 'an identical row is not rewritten');
    cache.putMany([['k1', 'one']]);
    assert.deepEqual(
      cache.getMany(['k1', 'k2']),
      new Map([
        ['k1', 'one'],
        ['k2', 'two'],
      ]),
    );
    raw.close();
  });

  test('a failing put stores nothing of its batch', () => {
    const raw = new Database(join(dir, 'atomic.db'));
    migrate(raw);
    const cache = openDerivationCache(raw);
    assert.throws(
      () =>
        cache.putMany([
          ['k1', 'one'],
          ['k2', null as unknown as string],
        ]),
      /NOT NULL/,
    );
    assert.equal(cache.getMany(['k1', 'k2']).size, 0);
    raw.close();
  });

  test('a database made by the previous schema is migrated and keeps its rows', async () => {
    assert.ok(DERIVED, 'a migration creates derived_accounts');
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    const previous = MIGRATIONS.filter((m) => m.version < DERIVED.version);
    migrate(old, previous);
    assert.equal(old.pragma('user_version', { simple: true }), previous.at(-1)!.version);
    old
      .prepare('INSERT INTO snapshots (taken_at, wallet, chain, network, symbol, token, decimals, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(1_000, 'w', 'solana', 'helium', 'HNT', 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux', 8, '42');
    assert.equal(old.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'derived_accounts'").pluck().get(), 0);
    old.close();

    const history = await openHistory(file);
    assert.equal(history.latestSnapshots()[0]?.raw, 42n);
    history.derivationCache().putMany([['k', 'v']]);
    assert.deepEqual(history.derivationCache().getMany(['k']), new Map([['k', 'v']]));
    history.close();

    const raw = new Database(file, { readonly: true });
    assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    const table = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'derived_accounts'").pluck().get() as string;
    assert.match(table, /WITHOUT ROWID/);
    raw.close();
  });
});
