import type BetterSqlite3 from 'better-sqlite3';
import type { DayPrice, PricePoint } from '../domain/records.js';

const DAY_MS = 86_400_000;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface PriceSqlRow {
  coingecko_id: string;
  currency: string;
  at: number;
  price: number | null;
}

/** The prices table (spot prices and daily prices per currency) and the list of currency codes. */
export function createPriceTables(db: BetterSqlite3.Database) {
  const upsert = db.prepare('INSERT OR REPLACE INTO prices (coingecko_id, currency, kind, at, price) VALUES (?, ?, ?, ?, ?)');
  const latest = db.prepare<[string, string, string], PriceSqlRow>(
    `SELECT p.coingecko_id, p.currency, p.at, p.price FROM prices p
     JOIN (SELECT coingecko_id, MAX(at) AS t FROM prices
           WHERE kind = 'spot' AND currency = ? AND coingecko_id IN (SELECT value FROM json_each(?)) GROUP BY coingecko_id) b
       ON p.coingecko_id = b.coingecko_id AND p.at = b.t
     WHERE p.kind = 'spot' AND p.currency = ?`,
  );
  const history = db.prepare<[string, string, number], PriceSqlRow>(
    `SELECT coingecko_id, currency, at, price FROM prices
     WHERE kind = 'spot' AND currency = ? AND coingecko_id IN (SELECT value FROM json_each(?)) AND at >= ? ORDER BY at, coingecko_id`,
  );
  const days = db.prepare<[string, string, number], PriceSqlRow>(
    `SELECT coingecko_id, currency, at, price FROM prices
     WHERE kind = 'daily' AND currency = ? AND coingecko_id IN (SELECT value FROM json_each(?)) AND at >= ? ORDER BY at, coingecko_id`,
  );
  const listCodes = db.prepare<[], { code: string; fetched_at: number }>('SELECT code, fetched_at FROM vs_currencies ORDER BY code');
  const clearCodes = db.prepare('DELETE FROM vs_currencies');
  const addCode = db.prepare('INSERT OR REPLACE INTO vs_currencies (code, fetched_at) VALUES (?, ?)');

  const spot = (r: PriceSqlRow): PricePoint => ({ id: r.coingecko_id, currency: r.currency, price: r.price!, fetchedAt: r.at });
  const upsertSpot = db.transaction((points: PricePoint[]) => {
    for (const p of points) {
      if (!Number.isFinite(p.price) || p.price < 0) throw new RangeError(`bad price for ${p.id}: ${p.price}`);
      upsert.run(p.id, p.currency, 'spot', p.fetchedAt, p.price);
    }
  });
  const upsertDays = db.transaction((rows: DayPrice[]) => {
    for (const r of rows) {
      const at = dayStart(r.day);
      if (!Number.isFinite(at) || at % DAY_MS !== 0) throw new RangeError(`bad day for ${r.id}: ${r.day}`);
      if (r.price !== null && (!Number.isFinite(r.price) || r.price < 0)) throw new RangeError(`bad price for ${r.id} on ${r.day}: ${r.price}`);
      upsert.run(r.id, r.currency, 'daily', at, r.price);
    }
  });
  const storeCodes = db.transaction((codes: string[], fetchedAt: number) => {
    clearCodes.run();
    for (const code of codes) addCode.run(code, fetchedAt);
  });

  return {
    // IMMEDIATE takes the write lock up front, so a concurrent writer waits instead of failing.
    upsertSpot: (points: PricePoint[]) => upsertSpot.immediate(points),
    latestSpot: (ids: string[], currency: string) =>
      new Map(latest.all(currency, JSON.stringify(ids), currency).map((r) => [r.coingecko_id, spot(r)] as const)),
    spotHistory: (ids: string[], currency: string, sinceMs: number) => history.all(currency, JSON.stringify(ids), sinceMs).map(spot),
    upsertDays: (rows: DayPrice[]) => upsertDays.immediate(rows),
    days: (ids: string[], currency: string, fromDay: string): DayPrice[] =>
      days
        .all(currency, JSON.stringify(ids), Number.isFinite(dayStart(fromDay)) ? dayStart(fromDay) : 0)
        .map((r) => ({ id: r.coingecko_id, currency: r.currency, day: dayOf(r.at), price: r.price })),
    vsCurrencies: () => {
      const rows = listCodes.all();
      return rows.length === 0 ? undefined : { codes: rows.map((r) => r.code), fetchedAt: Math.max(...rows.map((r) => r.fetched_at)) };
    },
    storeVsCurrencies: (codes: string[], fetchedAt: number) => storeCodes.immediate(codes, fetchedAt),
  };
}
