import type BetterSqlite3 from 'better-sqlite3';
import type { DerivationCache } from '../chains/derivation-cache.js';
import { openDerivationCache } from './derivation-cache-db.js';
import { isReadOnlyError, quickCheck, readOnlyHistoryError } from './history-check.js';
import { damagedHistoryError, isDamagedError, openDatabase, type OpenOptions } from './history-open.js';
import { checkSnapshot, toFailure, toReward, toSnapshot, type SnapshotSqlRow } from './history-rows.js';
import type { PricePoint, ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';

export * from '../domain/records.js';

/** Everything one `depin earnings` run stores, written in one transaction. */
export interface RunRecord {
  snapshots?: SnapshotRow[];
  failures?: ReadFailureRow[];
  rewards?: RewardRecord[];
}

/** The local history: balance snapshots, network reward readings, prices and read failures. */
export interface HistoryDb {
  readonly file: string;
  /** Stores a batch all-or-nothing; a repeated (series, takenAt) is ignored. Returns rows added. */
  insertSnapshots(rows: SnapshotRow[]): number;
  /** The newest snapshot of every series (network, wallet, chain, token). */
  latestSnapshots(): SnapshotRow[];
  /**
   * Every snapshot taken after `sinceMs`, plus for each series the last one taken at or before it
   * (the starting balance of the period). Sorted by series, then time.
   */
  snapshotsSince(sinceMs: number): SnapshotRow[];
  insertRewards(rows: RewardRecord[]): number;
  /** Reward readings taken at or after `sinceMs`, oldest first. */
  rewardsSince(sinceMs: number): RewardRecord[];
  insertReadFailures(rows: ReadFailureRow[]): number;
  /** Read failures at or after `sinceMs`, oldest first. */
  failuresSince(sinceMs: number): ReadFailureRow[];
  /** Stores snapshots, failures and rewards of one run in a single transaction. */
  recordRun(run: RunRecord): void;
  /** Adds fetched prices to the price history (same id and time replaces). */
  upsertPrices(prices: PricePoint[]): void;
  /** Latest known price per id, with when it was fetched; ids never fetched are absent. */
  getPrices(ids: string[]): Map<string, PricePoint>;
  /** Every stored price of these ids fetched at or after `sinceMs`, oldest first (for per-day values). */
  priceHistory(ids: string[], sinceMs?: number): PricePoint[];
  /** SQLite's own consistency check: `['ok']` when healthy. */
  quickCheck(): string[];
  /** Derived account addresses kept in this database (ReadOptions.derivationCache); one instance per HistoryDb. */
  derivationCache(): DerivationCache;
  close(): void;
}

const SERIES = 'network, wallet, chain, token';
const SNAPSHOT_COLUMNS = 's.taken_at, s.wallet, s.chain, s.network, s.symbol, s.token, s.decimals, s.raw, s.coingecko_id';

export function createHistory(db: BetterSqlite3.Database, file: string): HistoryDb {
  const insertSnapshot = db.prepare(
    `INSERT INTO snapshots (taken_at, wallet, chain, network, symbol, token, decimals, raw, coingecko_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const latest = db.prepare<[], SnapshotSqlRow>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots s
     JOIN (SELECT ${SERIES}, MAX(taken_at) AS t FROM snapshots GROUP BY ${SERIES}) b
       ON s.network = b.network AND s.wallet = b.wallet AND s.chain = b.chain AND s.token = b.token AND s.taken_at = b.t
     ORDER BY s.network, s.wallet, s.chain, s.token`,
  );
  const since = db.prepare<[number, number], SnapshotSqlRow>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots s WHERE s.taken_at > ?
     UNION ALL
     SELECT ${SNAPSHOT_COLUMNS} FROM snapshots s
     JOIN (SELECT ${SERIES}, MAX(taken_at) AS t FROM snapshots WHERE taken_at <= ? GROUP BY ${SERIES}) b
       ON s.network = b.network AND s.wallet = b.wallet AND s.chain = b.chain AND s.token = b.token AND s.taken_at = b.t
     ORDER BY network, wallet, chain, token, taken_at`,
  );
  const insertReward = db.prepare(
    `INSERT INTO rewards (at, network, source_id, source, symbol, chain, amount, unit, kind, wallet, period)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rewardsSince = db.prepare<[number], Record<string, unknown>>('SELECT * FROM rewards WHERE at >= ? ORDER BY at, id');
  const insertFailure = db.prepare('INSERT INTO read_failures (at, chain, status, reason, network, wallet, token) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const failuresSince = db.prepare<[number], Record<string, unknown>>('SELECT * FROM read_failures WHERE at >= ? ORDER BY at, id');
  const upsertPrice = db.prepare('INSERT OR REPLACE INTO prices (coingecko_id, fetched_at, usd) VALUES (?, ?, ?)');
  const latestPrices = db.prepare<[string], { coingecko_id: string; fetched_at: number; usd: number }>(
    `SELECT p.coingecko_id, p.fetched_at, p.usd FROM prices p
     JOIN (SELECT coingecko_id, MAX(fetched_at) AS t FROM prices
           WHERE coingecko_id IN (SELECT value FROM json_each(?)) GROUP BY coingecko_id) b
       ON p.coingecko_id = b.coingecko_id AND p.fetched_at = b.t`,
  );
  const priceHistory = db.prepare<[string, number], { coingecko_id: string; fetched_at: number; usd: number }>(
    `SELECT coingecko_id, fetched_at, usd FROM prices
     WHERE coingecko_id IN (SELECT value FROM json_each(?)) AND fetched_at >= ? ORDER BY fetched_at, coingecko_id`,
  );

  const snapshotsTx = db.transaction((rows: SnapshotRow[]) => {
    let added = 0;
    for (const r of rows) {
      checkSnapshot(r);
      added += insertSnapshot.run(r.takenAt, r.wallet, r.chain, r.network, r.symbol, r.token, r.decimals, r.raw.toString(), r.coingeckoId ?? null).changes;
    }
    return added;
  });
  const rewardsTx = db.transaction((rows: RewardRecord[]) => {
    for (const r of rows) {
      insertReward.run(r.at, r.network, r.sourceId, r.source, r.symbol, r.chain ?? null, r.amount, r.unit, r.kind, r.wallet ?? null, r.period ?? null);
    }
    return rows.length;
  });
  const failuresTx = db.transaction((rows: ReadFailureRow[]) => {
    for (const r of rows) insertFailure.run(r.at, r.chain, r.status, r.reason, r.network ?? null, r.wallet ?? null, r.token ?? null);
    return rows.length;
  });
  const runTx = db.transaction((run: RunRecord) => {
    // Nested transactions become savepoints inside this one, so the whole run is all-or-nothing.
    snapshotsTx(run.snapshots ?? []);
    failuresTx(run.failures ?? []);
    rewardsTx(run.rewards ?? []);
  });
  const pricesTx = db.transaction((prices: PricePoint[]) => {
    for (const p of prices) {
      if (!Number.isFinite(p.usd) || p.usd < 0) throw new RangeError(`bad price for ${p.id}: ${p.usd}`);
      upsertPrice.run(p.id, p.fetchedAt, p.usd);
    }
  });

  // A page found damaged mid-run is reported like a damaged file at open time, and a file made
  // read-only after it was opened like one found read-only at open time.
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (error) {
        if (isDamagedError(error)) throw damagedHistoryError(file, (error as Error).message, error);
        if (isReadOnlyError(error)) throw readOnlyHistoryError(file, (error as Error).message, error);
        throw error;
      }
    };
  let derived: DerivationCache | undefined;
  const toPoint = (r: { coingecko_id: string; fetched_at: number; usd: number }): PricePoint => ({ id: r.coingecko_id, usd: r.usd, fetchedAt: r.fetched_at });

  return {
    file,
    // IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing.
    insertSnapshots: guard((rows) => snapshotsTx.immediate(rows)),
    latestSnapshots: guard(() => latest.all().map(toSnapshot)),
    snapshotsSince: guard((sinceMs) => since.all(sinceMs, sinceMs).map(toSnapshot)),
    insertRewards: guard((rows) => rewardsTx.immediate(rows)),
    rewardsSince: guard((sinceMs) => rewardsSince.all(sinceMs).map(toReward)),
    insertReadFailures: guard((rows) => failuresTx.immediate(rows)),
    failuresSince: guard((sinceMs) => failuresSince.all(sinceMs).map(toFailure)),
    recordRun: guard((run) => runTx.immediate(run)),
    upsertPrices: guard((prices) => pricesTx.immediate(prices)),
    getPrices: guard((ids) => new Map(latestPrices.all(JSON.stringify(ids)).map((r) => [r.coingecko_id, toPoint(r)] as const))),
    priceHistory: guard((ids, sinceMs = 0) => priceHistory.all(JSON.stringify(ids), sinceMs).map(toPoint)),
    quickCheck: guard(() => quickCheck(db)),
    derivationCache: guard(() => {
      if (!derived) {
        const cache = openDerivationCache(db);
        derived = { getMany: guard((keys) => cache.getMany(keys)), putMany: guard((entries) => cache.putMany(entries)) };
      }
      return derived;
    }),
    close: () => {
      if (db.open) db.close();
    },
  };
}

/**
 * Opens the history database at `dbFile` (normally `resolvePaths().dbFile`), creating and migrating
 * it as needed. better-sqlite3 is loaded here, on first use, so commands that never touch history
 * start without it. A damaged or foreign file is reported (DepinError, exit 1) and left untouched.
 */
export async function openHistory(dbFile: string, options: OpenOptions = {}): Promise<HistoryDb> {
  const db = await openDatabase(dbFile, options);
  try {
    return createHistory(db, dbFile);
  } catch (error) {
    db.close();
    if (isDamagedError(error)) throw damagedHistoryError(dbFile, (error as Error).message, error);
    throw error;
  }
}

export type { OpenOptions } from './history-open.js';
