import type BetterSqlite3 from 'better-sqlite3';
import type { DerivationCache } from '../chains/derivation-cache.js';
import { openDerivationCache } from './derivation-cache-db.js';
import { isReadOnlyError, quickCheck, readOnlyHistoryError } from './history-check.js';
import { damagedHistoryError, isDamagedError, openDatabase, type OpenOptions } from './history-open.js';
import { checkSnapshot, toFailure, toReward, toSnapshot, type SnapshotSqlRow } from './history-rows.js';
import type { DayPrice, PricePoint, ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';
import { createPriceTables } from './history-prices.js';

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
  /** How many read failures the history holds, per chain and status (the daemon's error counters). */
  failureCounts(): { chain: string; status: string; count: number }[];
  /** Stores snapshots, failures and rewards of one run in a single transaction. */
  recordRun(run: RunRecord): void;
  /** Adds fetched spot prices to the price history (same id, currency and time replaces). */
  upsertPrices(prices: PricePoint[]): void;
  /** Latest known spot price per id in `currency`, with when it was fetched; ids never fetched are absent. */
  getPrices(ids: string[], currency: string): Map<string, PricePoint>;
  /** Every stored spot price of these ids in `currency` fetched at or after `sinceMs`, oldest first. */
  priceHistory(ids: string[], currency: string, sinceMs?: number): PricePoint[];
  /** Stores daily prices and known gaps (price null); kept forever, a later answer replaces. */
  upsertDayPrices(rows: DayPrice[]): void;
  /** Stored daily prices and gaps of these ids in `currency` on or after `fromDay` (YYYY-MM-DD). */
  dayPrices(ids: string[], currency: string, fromDay?: string): DayPrice[];
  /** The currency codes the price service last listed, or undefined when never fetched. */
  vsCurrencies(): { codes: string[]; fetchedAt: number } | undefined;
  /** Replaces the stored list of currency codes. */
  storeVsCurrencies(codes: string[], fetchedAt: number): void;
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
  const failureCounts = db.prepare<[], { chain: string; status: string; count: number }>(
    'SELECT chain, status, COUNT(*) AS count FROM read_failures GROUP BY chain, status ORDER BY chain, status',
  );
  const prices = createPriceTables(db);

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
    failureCounts: guard(() => failureCounts.all()),
    recordRun: guard((run) => runTx.immediate(run)),
    upsertPrices: guard((points) => prices.upsertSpot(points)),
    getPrices: guard((ids, currency) => prices.latestSpot(ids, currency)),
    priceHistory: guard((ids, currency, sinceMs = 0) => prices.spotHistory(ids, currency, sinceMs)),
    upsertDayPrices: guard((rows) => prices.upsertDays(rows)),
    dayPrices: guard((ids, currency, fromDay = '0000-00-00') => prices.days(ids, currency, fromDay)),
    vsCurrencies: guard(() => prices.vsCurrencies()),
    storeVsCurrencies: guard((codes, fetchedAt) => prices.storeVsCurrencies(codes, fetchedAt)),
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
