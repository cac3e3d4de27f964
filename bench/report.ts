import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, type ComparisonResult } from './harness.js';
import { root } from './startup.js';
import { openHistory } from '../src/store/history-db.js';
import type { SnapshotRow } from '../src/domain/records.js';

const DAY = 86_400_000;
const WALLETS = 100;
const DAYS = 365;

/**
 * `depin report --since 365d` over a year of daily history of 100 wallets (36,500 snapshots of one
 * token) against the floor it cannot beat: a Node process (what `depin --version` costs) that opens
 * the same database with better-sqlite3 and runs the same query for the period.
 */
export async function reportBenchmark(runs: number): Promise<ComparisonResult> {
  const home = mkdtempSync(join(tmpdir(), 'depin-bench-report-'));
  const dbFile = join(home, 'data', 'history.db');
  const db = await openHistory(dbFile);
  const now = Date.now();
  const rows: SnapshotRow[] = [];
  for (let w = 0; w < WALLETS; w++) {
    const wallet = `0x${w.toString(16).padStart(40, '0')}`;
    for (let d = DAYS; d > 0; d--) {
      rows.push({
        takenAt: now - d * DAY,
        wallet,
        chain: 'ethereum',
        network: 'storj',
        symbol: 'STORJ',
        token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
        decimals: 8,
        raw: BigInt((DAYS - d) * (w + 1)) * 1_000_000n,
        coingeckoId: 'storj',
      });
    }
  }
  db.insertSnapshots(rows);
  db.upsertPrices(Array.from({ length: DAYS }, (_, d) => ({ id: 'storj', currency: 'usd', price: 0.4 + d / 1000, fetchedAt: now - d * DAY })));
  db.close();
  const env = { ...process.env, DEPIN_HOME: home, NO_COLOR: '1' };
  // The same statement the history runs for a period (rows after the start plus each series' opening row).
  const cols = 's.taken_at, s.wallet, s.chain, s.network, s.symbol, s.token, s.decimals, s.raw, s.coingecko_id';
  const series = 'network, wallet, chain, token';
  const sql = `SELECT ${cols} FROM snapshots s WHERE s.taken_at > ? UNION ALL SELECT ${cols} FROM snapshots s JOIN (SELECT ${series}, MAX(taken_at) AS t FROM snapshots WHERE taken_at <= ? GROUP BY ${series}) b ON s.network = b.network AND s.wallet = b.wallet AND s.chain = b.chain AND s.token = b.token AND s.taken_at = b.t ORDER BY network, wallet, chain, token, taken_at`;
  const since = now - DAYS * DAY;
  const query = `const D = (await import('better-sqlite3')).default; const db = new D(${JSON.stringify(dbFile)}, { readonly: true });
    db.prepare(${JSON.stringify(sql)}).all(${since}, ${since}); db.close();`;
  return compare({
    name: `report, ${WALLETS} wallets × ${DAYS} days vs node + the SQLite query`,
    ours: {
      label: 'depin report --since 365d',
      command: process.execPath,
      args: [join(root, 'bin', 'depin.js'), 'report', '--since', '365d', '--out', join(home, 'r.html')],
      env,
    },
    baseline: {
      label: 'node + better-sqlite3 select',
      command: process.execPath,
      args: ['--input-type=module', '-e', query],
      env: { ...env, NODE_PATH: join(root, 'node_modules') },
    },
    runs,
    goal: 2,
  });
}
