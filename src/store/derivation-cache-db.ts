import type BetterSqlite3 from 'better-sqlite3';
import type { DerivationCache } from '../chains/derivation-cache.js';

/**
 * A DerivationCache in the history database (table `derived_accounts`, schema version 2). One lookup
 * is one SELECT; one store is one transaction. A row that differs from what is put under its key is
 * replaced, so a damaged row is mended by the run that finds it wrong.
 */
export function openDerivationCache(db: BetterSqlite3.Database): DerivationCache {
  const select = db.prepare<[string], { key: string; address: string }>(
    'SELECT key, address FROM derived_accounts WHERE key IN (SELECT value FROM json_each(?))',
  );
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO derived_accounts (key, address) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET address = excluded.address WHERE address <> excluded.address',
  );
  const putTx = db.transaction((entries: [string, string][]) => {
    for (const [key, address] of entries) upsert.run(key, address);
  });
  return {
    getMany(keys) {
      const found = new Map<string, string>();
      if (keys.length === 0) return found;
      for (const row of select.all(JSON.stringify(keys))) found.set(row.key, row.address);
      return found;
    },
    putMany(entries) {
      // IMMEDIATE takes the write lock up front, so a concurrent run waits (busy_timeout) instead of failing.
      if (entries.length > 0) putTx.immediate(entries);
    },
  };
}
