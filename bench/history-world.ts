import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths } from '../src/store/paths.js';
import { openHistory } from '../src/store/history-db.js';
import { addWallet } from '../src/wallet/book.js';
import type { SnapshotRow } from '../src/domain/records.js';

/** A history of daily balances: one per wallet and day, on one ERC-20 token. */
export interface HistoryWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  dbFile: string;
  wallets: number;
  days: number;
  snapshots: number;
}

const DAY_MS = 86_400_000;
// RNDR on Ethereum, as the render plugin's manifest lists it.
const TOKEN = {
  network: 'render',
  chain: 'ethereum' as const,
  symbol: 'RNDR',
  token: '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24',
  decimals: 18,
  coingeckoId: 'render-token',
};

/** Deterministic distinct addresses: the wallet's number in the last bytes. */
function address(i: number): string {
  return `0x${(0xb8744ae4 + i).toString(16).padStart(8, '0')}e5ef9fab94ee9c3bf38d5d2a${i.toString(16).padStart(8, '0')}`;
}

/** Builds a home folder: `wallets` tracked wallets with `days` daily snapshots each, the last one now, and a current price. */
export async function buildHistoryWorld(wallets: number, days: number, now = Date.now()): Promise<HistoryWorld> {
  const home = mkdtempSync(join(tmpdir(), 'depin-bench-history-'));
  const env = { ...process.env, DEPIN_HOME: home, NO_COLOR: '1', CI: 'true' };
  const paths = resolvePaths(env);
  // The book stores the checksummed form; the history must use the same one.
  const stored = Array.from({ length: wallets }, (_, i) => addWallet(paths, { address: address(i), chain: TOKEN.chain }).address);
  const db = await openHistory(paths.dbFile);
  try {
    const start = now - (days - 1) * DAY_MS;
    for (let d = 0; d < days; d++) {
      // Every wallet earns a little each day, some more than others.
      const rows: SnapshotRow[] = stored.map((wallet, i) => ({
        takenAt: start + d * DAY_MS,
        wallet,
        ...TOKEN,
        raw: BigInt(d + 1) * BigInt(1 + (i % 7)) * 10n ** 17n,
      }));
      db.insertSnapshots(rows);
    }
    db.upsertPrices([{ id: TOKEN.coingeckoId, currency: 'usd', price: 4.2, fetchedAt: now - 60_000 }]);
  } finally {
    db.close();
  }
  return { home, env, dbFile: paths.dbFile, wallets, days, snapshots: wallets * days };
}
