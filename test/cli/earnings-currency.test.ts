import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { runCli, tempHome } from '../helpers/cli.js';
import { startAnvil, type Anvil } from '../helpers/anvil.js';
import { placeMulticall, placeToken, setTokenBalance } from '../helpers/contracts/place.js';
import { STORJ_ADDRESS, walletAddress } from '../helpers/contracts/tokens.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { resolvePaths } from '../../src/store/paths.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/coingecko/${name}`, import.meta.url), 'utf8'));
const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `depin earnings` in another currency, end to end: STORJ balances read for real from anvil, three
 * runs with the balance raised between them, then the snapshot times moved back to earlier days (the
 * reads are real; only their dates are set, since a test cannot wait for days to pass).
 */
describe('depin earnings in a chosen currency, valued when earned', { timeout: 180_000 }, () => {
  const home = tempHome();
  const owner = walletAddress(11);
  let eth: Anvil;
  let prices: FaultServer;
  let env: NodeJS.ProcessEnv;
  const gapDay = utcDay(Date.now() - 2 * DAY);
  const pricedDay = utcDay(Date.now() - 3 * DAY);

  before(async () => {
    eth = await startAnvil({ chainId: 1 });
    await placeMulticall(eth);
    await placeToken(eth, STORJ_ADDRESS, { name: 'Storj', symbol: 'STORJ', decimals: 8, balances: [[owner, 100_00000000n]] });
    const recorded = fixture('market-chart-range-bitcoin-usd.json') as { prices: [number, number][] };
    prices = await startFaultServer([
      { path: '/exchange_rates', handle: () => ({ body: fixture('exchange-rates.json') }) },
      // The storage node's dashboard, on the same loopback server (shape as the Storj tests use).
      {
        path: '/api/sno/estimated-payout',
        handle: () => ({ body: { currentMonth: { payout: 123.4, held: 10 }, previousMonth: { payout: 250, held: 0 }, currentMonthExpectations: 300 } }),
      },
      { path: '/simple/price', handle: (req) => ({ body: { storj: { [new URL(req.url, 'http://x').searchParams.get('vs_currencies')!]: 0.5 } } }) },
      {
        path: /^\/coins\/storj\/market_chart\/range$/,
        handle: (req) => {
          // The recorded daily series moved onto the asked days, without a point on the gap day.
          const q = new URL(req.url, 'http://x').searchParams;
          const from = Number(q.get('from')) * 1000;
          const shift = from - recorded.prices[0][0];
          const points = recorded.prices.map(([at, p]) => [at + shift, p / 1000]).filter(([at]) => at < Number(q.get('to')) * 1000 && utcDay(at) !== gapDay);
          return { body: { prices: points, market_caps: [], total_volumes: [] } };
        },
      },
    ]);
    env = { ...home.env, DEPIN_RPC_ETHEREUM: eth.url, DEPIN_PRICES_URL: prices.url, DEPIN_CURRENCY: 'eur' };
    for (const args of [
      ['config', 'set', 'http.retries', '0'],
      ['config', 'set', 'storj.dashboardUrl', prices.url],
      ['wallet', 'add', owner, '--chain', 'ethereum', '--network', 'storj'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
  });
  after(async () => {
    await Promise.all([eth?.stop(), prices?.close()]);
    home.cleanup();
  });

  it('an unknown currency is exit 2 listing the valid codes, and nothing is read or stored', async () => {
    const r = await runCli(['earnings', '--json', '--offline'], { env: { ...env, DEPIN_CURRENCY: 'euro' } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unknown currency "euro": did you mean "eur"/);
    assert.match(r.stderr, /usd/);
    assert.match(r.stderr, /chf/);
    assert.equal(r.json().error.code, 'USAGE', 'the error is the only JSON document');
    assert.equal(r.json().lines, undefined);
    const set = await runCli(['config', 'set', 'currency', 'e u r'], { env });
    assert.equal(set.code, 2, set.stderr);
  });

  it('values earnings at the price of the day earned beside the value now, in EUR; a day without a price says so', async () => {
    for (const balance of [120_00000000n, 130_00000000n]) {
      const r = await runCli(['earnings', '--json', '--network', 'storj'], { env });
      assert.equal(r.code, 0, r.stderr);
      await setTokenBalance(eth, STORJ_ADDRESS, owner, balance);
    }
    // Three real reads so far (100, 120 → moved to days −4 and −3 … ); move them to earlier days.
    const db = new Database(resolvePaths(env).dbFile);
    const times = db.prepare('SELECT DISTINCT taken_at FROM snapshots ORDER BY taken_at').pluck().all() as number[];
    assert.equal(times.length, 2);
    const move = db.prepare('UPDATE snapshots SET taken_at = ? WHERE taken_at = ?');
    move.run(Date.now() - 4 * DAY, times[0]);
    move.run(Date.parse(`${pricedDay}T12:00:00Z`), times[1]);
    db.close();
    // This run reads 130: +20 on the priced day, +10 today (valued at today's spot price).
    const r = await runCli(['earnings', '--json', '--network', 'storj', '--since', '7d'], { env });
    assert.equal(r.code, 0, r.stderr);
    const json = r.json();
    assert.equal(json.currency, 'eur');
    const line = json.lines.find((l: any) => l.symbol === 'STORJ');
    assert.equal(line.earned, '30');
    assert.equal(line.earnedValue, 15, 'value now: 30 × €0.5');
    assert.equal(line.earnedValueWhenEarned, 20 * 0.64514 + 10 * 0.5);
    assert.deepEqual(json.prices.dailyFetched, ['storj']);
    // The payout estimate Storj reports in USD, converted at the recorded rate and marked so.
    const rate = 39106.061 / 43438.823;
    const payout = json.networkApi.find((x: any) => x.network === 'storj' && x.unit === 'usd');
    assert.ok(payout, JSON.stringify(json.networkApi));
    assert.equal(payout.conversion.rate, rate);
    assert.equal(payout.value, Number(payout.amount) * rate);
    assert.equal(json.prices.usdRate.rate, rate);
    const range = prices.requests.log.filter((q) => q.url.pathname.endsWith('/market_chart/range'));
    assert.equal(range.length, 1);
    assert.equal(range[0].url.searchParams.get('vs_currency'), 'eur');

    // The day's price is stored: offline shows the same, and the CSV uses it.
    const csv = await runCli(['earnings', '--csv', '--offline', '--network', 'storj', '--since', '7d'], { env });
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\r\n');
    assert.equal(rows[0], 'date,network,chain,wallet,token,amount,currency,price,value,note');
    assert.ok(rows.includes(`${pricedDay},storj,ethereum,${owner},STORJ,20,eur,0.64514,12.9028,`), csv.stdout);

    // A gap: earnings on the day the service has no price for.
    const db2 = new Database(resolvePaths(env).dbFile);
    const last = db2.prepare('SELECT MAX(taken_at) FROM snapshots').pluck().get() as number;
    db2.prepare('UPDATE snapshots SET taken_at = ? WHERE taken_at = ?').run(Date.parse(`${gapDay}T12:00:00Z`), last);
    db2.close();
    const withGap = await runCli(['earnings', '--network', 'storj', '--since', '7d'], { env });
    assert.equal(withGap.code, 0, withGap.stderr);
    assert.match(withGap.stdout, new RegExp(`no price for ${gapDay}`));
    assert.match(withGap.stdout, /earned EUR now/);
    assert.match(withGap.stdout, /€/);
    assert.doesNotMatch(withGap.stdout, /€0\.00 when earned/);
  });
});
