// A backfill of daily prices killed with SIGKILL in the middle, then run again: what the first run
// stored stays, and the second asks only for what is still missing. The history is written through
// depin's own store (two tokens earning on past days); chain reads go to a server that refuses them,
// so each run's work is the price backfill alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runCli, spawnCli, tempHome } from '../helpers/cli.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { openHistory } from '../../src/store/history-db.js';
import { resolvePaths } from '../../src/store/paths.js';
import type { SnapshotRow } from '../../src/domain/records.js';

const DAY = 86_400_000;
const WALLET = '0xB8744aE4032Be5E5ef9FaB94ee9C3bf38D5D2AE0';
const recorded = JSON.parse(readFileSync(new URL('../../../test/fixtures/coingecko/market-chart-range-bitcoin-usd.json', import.meta.url), 'utf8')) as {
  prices: [number, number][];
};

const TOKENS = [
  { network: 'render', symbol: 'RNDR', token: '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24', decimals: 18, coingeckoId: 'render-token' },
  { network: 'storj', symbol: 'STORJ', token: '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', decimals: 8, coingeckoId: 'storj' },
];

/** Daily rows stored for a coin, read beside the running CLI (WAL lets a reader in). */
function storedDays(dbFile: string, id: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM prices WHERE kind = 'daily' AND coingecko_id = ?").get(id) as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('a daily-price backfill killed midway resumes with what is missing', { timeout: 120_000 }, () => {
  const home = tempHome();
  let server: FaultServer;
  let hangStorj = true;
  const env: NodeJS.ProcessEnv = { ...home.env };

  before(async () => {
    server = await startFaultServer([
      { path: '/simple/price', handle: () => ({ body: { 'render-token': { usd: 4 }, storj: { usd: 0.5 } } }) },
      {
        path: /^\/coins\/([a-z-]+)\/market_chart\/range$/,
        handle: (req) => {
          if (req.url.pathname.includes('/storj/') && hangStorj) return new Promise<never>(() => {});
          // The recorded daily series moved onto the asked days.
          const from = Number(req.url.searchParams.get('from')) * 1000;
          const to = Number(req.url.searchParams.get('to')) * 1000;
          const shift = from - recorded.prices[0][0];
          return { body: { prices: recorded.prices.map(([at, p]) => [at + shift, p / 1000]).filter(([at]) => at < to), market_caps: [], total_volumes: [] } };
        },
      },
    ]);
    Object.assign(env, {
      DEPIN_PRICES_URL: server.url,
      // Every chain read is refused at once: the run's only work is the backfill.
      DEPIN_RPC_ETHEREUM: server.url,
    });
    for (const args of [
      ['config', 'set', 'http.retries', '0'],
      ['config', 'set', 'prices.callsPerMinute', '600'],
      ['wallet', 'add', WALLET, '--chain', 'ethereum'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    // Earnings on three past days for each token.
    const history = await openHistory(resolvePaths(env).dbFile);
    const start = Date.now() - 6 * DAY;
    const rows: SnapshotRow[] = [];
    for (const t of TOKENS)
      for (let d = 0; d < 4; d++) rows.push({ takenAt: start + d * DAY, wallet: WALLET, chain: 'ethereum', ...t, raw: BigInt(d) * 10n ** 8n });
    history.insertSnapshots(rows);
    history.close();
  });
  after(async () => {
    await server?.close();
    home.cleanup();
  });

  it('SIGKILL while the second coin is asked for; the rerun asks for that coin only, and both are then stored', async () => {
    const dbFile = resolvePaths(env).dbFile;
    const child = spawnCli(['earnings', '--json'], { env });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The first coin's days are stored as soon as its answer arrives; the second's request hangs.
    const deadline = Date.now() + 60_000;
    while (!(storedDays(dbFile, 'render-token') > 0 && server.requests.log.some((r) => r.url.pathname.includes('/storj/market_chart')))) {
      assert.ok(Date.now() < deadline, 'the first coin was never stored, or the second never asked for');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    const renderDays = storedDays(dbFile, 'render-token');
    assert.ok(renderDays >= 3, `render-token days kept after the kill: ${renderDays}`);
    assert.equal(storedDays(dbFile, 'storj'), 0, 'nothing of the coin in flight was stored');
    const check = new Database(dbFile, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();

    hangStorj = false;
    server.requests.clear();
    const again = await runCli(['earnings', '--json'], { env });
    // Chain reads are refused: partial (5), with the values from the stored and fetched prices.
    assert.equal(again.code, 5, again.stderr);
    const ranges = server.requests.log.filter((r) => r.url.pathname.endsWith('/market_chart/range')).map((r) => r.url.pathname);
    assert.deepEqual(ranges, ['/coins/storj/market_chart/range'], 'only the coin still missing is asked for');
    assert.equal(storedDays(dbFile, 'render-token'), renderDays);
    assert.ok(storedDays(dbFile, 'storj') >= 3);
    const lines = again.json().lines as { symbol: string; earnedValueWhenEarned?: number }[];
    for (const symbol of ['RNDR', 'STORJ']) {
      const line = lines.find((l) => l.symbol === symbol);
      assert.ok(
        line && typeof line.earnedValueWhenEarned === 'number' && line.earnedValueWhenEarned > 0,
        `${symbol} valued when earned: ${JSON.stringify(line)}`,
      );
    }
  });
});
