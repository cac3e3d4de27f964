import type BetterSqlite3 from 'better-sqlite3';

/** One schema step. `version` is the `PRAGMA user_version` the database has once it ran. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The history schema, oldest first. Never edit a migration that has shipped: add a new one.
 * Amounts are TEXT so that 18-decimal balances stay exact; times are epoch milliseconds (UTC).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'balance snapshots, network reward records, prices, read failures',
    sql: `
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        taken_at INTEGER NOT NULL,
        wallet TEXT NOT NULL,
        chain TEXT NOT NULL,
        network TEXT NOT NULL,
        symbol TEXT NOT NULL,
        token TEXT NOT NULL,
        decimals INTEGER NOT NULL CHECK (decimals >= 0),
        raw TEXT NOT NULL CHECK (raw GLOB '[0-9]*' AND raw NOT GLOB '*[^0-9]*'),
        coingecko_id TEXT,
        UNIQUE (network, wallet, chain, token, taken_at)
      );
      CREATE INDEX snapshots_by_time ON snapshots (taken_at);

      CREATE TABLE rewards (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        network TEXT NOT NULL,
        source_id TEXT NOT NULL,
        source TEXT NOT NULL,
        symbol TEXT NOT NULL,
        chain TEXT,
        amount TEXT NOT NULL,
        unit TEXT NOT NULL CHECK (unit IN ('token', 'usd')),
        kind TEXT NOT NULL CHECK (kind IN ('pending', 'estimated', 'available', 'paid')),
        wallet TEXT,
        period TEXT
      );
      CREATE INDEX rewards_by_time ON rewards (at);

      CREATE TABLE prices (
        coingecko_id TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        usd REAL NOT NULL,
        PRIMARY KEY (coingecko_id, fetched_at)
      ) WITHOUT ROWID;

      CREATE TABLE read_failures (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        chain TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('unreachable', 'bad-response', 'wrong-chain')),
        reason TEXT NOT NULL,
        network TEXT,
        wallet TEXT,
        token TEXT
      );
      CREATE INDEX read_failures_by_time ON read_failures (at);
    `,
  },
  {
    version: 2,
    description: 'derived account addresses (Solana associated token accounts), kept across runs',
    sql: `
      CREATE TABLE derived_accounts (
        key TEXT PRIMARY KEY,
        address TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'operations event log: health transitions, restarts, watchdog actions, alerts, earnings snapshots',
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        network TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('health', 'restart', 'restart-failed', 'watchdog-gave-up', 'alert-sent', 'alert-failed', 'alert-dropped', 'earnings-snapshot', 'daemon-started', 'daemon-stopped')),
        detail TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_by_time ON events (at);
    `,
  },
  {
    version: 4,
    description: 'prices per currency: spot prices and daily prices (a NULL daily price is a day the price service has none for)',
    sql: `
      CREATE TABLE prices_by_currency (
        coingecko_id TEXT NOT NULL,
        currency TEXT NOT NULL CHECK (currency GLOB '[a-z0-9]*' AND currency NOT GLOB '*[^a-z0-9]*'),
        kind TEXT NOT NULL CHECK (kind IN ('spot', 'daily')),
        at INTEGER NOT NULL,
        price REAL CHECK (price >= 0),
        CHECK (kind = 'daily' OR price IS NOT NULL),
        PRIMARY KEY (coingecko_id, currency, kind, at)
      ) WITHOUT ROWID;
      INSERT INTO prices_by_currency (coingecko_id, currency, kind, at, price) SELECT coingecko_id, 'usd', 'spot', fetched_at, usd FROM prices;
      DROP TABLE prices;
      ALTER TABLE prices_by_currency RENAME TO prices;

      CREATE TABLE vs_currencies (
        code TEXT PRIMARY KEY,
        fetched_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: 'GPU power samples: draw, utilisation, memory and temperature per GPU over time',
    sql: `
      CREATE TABLE power_samples (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        gpu_index INTEGER NOT NULL CHECK (gpu_index >= 0),
        gpu_uuid TEXT,
        name TEXT NOT NULL,
        power_w REAL,
        power_limit_w REAL,
        utilization_percent REAL,
        memory_used_mib REAL,
        memory_total_mib REAL,
        temperature_c REAL
      );
      CREATE INDEX power_samples_by_time ON power_samples (at);
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Thrown when the file was written by a newer depin; the caller turns it into a DepinError. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`schema version ${found} is newer than this depin understands (${SCHEMA_VERSION})`);
  }
}

/**
 * Brings the database to SCHEMA_VERSION. Each step runs in its own IMMEDIATE transaction and
 * re-reads the version inside it, so two processes opening a fresh file at once do not both run
 * the same step; a step that fails leaves the version where it was. Returns the steps applied.
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current() > latest) throw new SchemaTooNewError(current());
  for (const step of migrations) {
    if (current() >= step.version) continue;
    const run = db.transaction(() => {
      const found = current();
      if (found >= step.version) return false;
      db.exec(step.sql);
      // user_version is part of the database header, so it commits or rolls back with the step.
      db.pragma(`user_version = ${Math.trunc(step.version)}`);
      return true;
    });
    if (run.immediate()) applied.push(step.version);
  }
  return applied;
}
