/**
 * A history written through depin's own store (the same code `depin earnings` records with), for
 * tests of what is drawn from it: balances that grow on some days, a price history with a gap, and
 * the daemon's health transitions.
 */
import { openHistory } from '../../src/store/history-db.js';
import { openEventLog } from '../../src/store/events-db.js';
import type { SnapshotRow } from '../../src/domain/records.js';
import type { OpsEvent } from '../../src/core/watchdog-event.js';

export const DAY = 86_400_000;
export const STORJ_WALLET = '0x1111111111111111111111111111111111111111';
export const RENDER_WALLET = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';

/** A composed history ending at `now`: storj earns 1.5 STORJ every day, render 1 RENDER every other day. */
export async function seedHistory(dbFile: string, now: number, options: { days?: number; unpricedDay?: number; events?: OpsEvent[] } = {}) {
  const days = options.days ?? 20;
  const db = await openHistory(dbFile);
  const snapshots: SnapshotRow[] = [];
  const prices = [];
  for (let d = days; d >= 0; d--) {
    const at = now - d * DAY;
    const n = BigInt(days - d);
    snapshots.push({
      takenAt: at,
      wallet: STORJ_WALLET,
      chain: 'ethereum',
      network: 'storj',
      symbol: 'STORJ',
      token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
      decimals: 8,
      raw: n * 150_000_000n,
      coingeckoId: 'storj',
    });
    snapshots.push({
      takenAt: at + 1000,
      wallet: RENDER_WALLET,
      chain: 'solana',
      network: 'render',
      symbol: 'RENDER',
      token: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
      decimals: 8,
      raw: (n / 2n) * 100_000_000n,
      coingeckoId: 'render-token',
    });
    prices.push({ id: 'storj', currency: 'usd', price: 0.5, fetchedAt: at }, { id: 'render-token', currency: 'usd', price: 4, fetchedAt: at });
  }
  db.insertSnapshots(snapshots);
  // Prices for render only from the day after `unpricedDay` (days back) on: earlier days have none.
  db.upsertPrices(prices.filter((p) => options.unpricedDay === undefined || p.id !== 'render-token' || p.fetchedAt > now - options.unpricedDay * DAY));
  db.close();
  if (options.events?.length) {
    const log = await openEventLog(dbFile);
    log.append(options.events);
    log.close();
  }
  return { snapshots };
}
