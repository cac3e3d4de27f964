import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempHome } from '../helpers/cli.js';
import { startAnvil, type Anvil } from '../helpers/anvil.js';
import { placeMulticall, placeToken, setTokenBalance } from '../helpers/contracts/place.js';
import { STORJ_ADDRESS, walletAddress } from '../helpers/contracts/tokens.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

/**
 * A history made by real reads: the STORJ contract on a loopback anvil, its balance moved between
 * runs of `depin earnings` (up, down as an outgoing transfer, up again), then exported for rotki.
 */
describe('depin earnings --export rotki from real reads', { timeout: 180_000 }, () => {
  const home = tempHome();
  const owner = walletAddress(11);
  let eth: Anvil;
  let prices: FaultServer;
  let storj: FaultServer;
  let env: NodeJS.ProcessEnv;
  const runs: number[] = [];

  const read = async () => {
    const before = Date.now();
    const r = await runCli(['earnings', '--network', 'storj', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    runs.push(before);
    // Snapshots of one run share its start time; the next run starts at a later millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
  };

  before(async () => {
    eth = await startAnvil({ chainId: 1 });
    await placeMulticall(eth);
    await placeToken(eth, STORJ_ADDRESS, { name: 'Storj', symbol: 'STORJ', decimals: 8, balances: [[owner, 100_000_000n]] });
    // Composed in the shape of CoinGecko's /simple/price answer.
    prices = await startFaultServer([{ path: '/simple/price', handle: () => ({ body: { storj: { usd: 0.5 } } }) }]);
    // Composed in the shape of the storagenode dashboard's estimated-payout answer.
    storj = await startFaultServer([{ path: '/api/sno/estimated-payout', handle: () => ({ body: { currentMonth: { payout: 1, held: 0 } } }) }]);
    env = { ...home.env, DEPIN_RPC_ETHEREUM: eth.url, DEPIN_PRICES_URL: prices.url };
    for (const args of [
      ['config', 'set', 'storj.dashboardUrl', storj.url],
      ['wallet', 'add', owner, '--chain', 'ethereum', '--network', 'storj'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    await read(); // 1 STORJ
    await setTokenBalance(eth, STORJ_ADDRESS, owner, 125_000_001n);
    await read(); // +0.25000001
    await setTokenBalance(eth, STORJ_ADDRESS, owner, 25_000_000n);
    await read(); // sent 1.00000001 away: not an earning
    await setTokenBalance(eth, STORJ_ADDRESS, owner, 1_025_000_000n);
    await read(); // +10
  });
  after(async () => {
    await Promise.all([eth?.stop(), prices?.close(), storj?.close()]);
    home.cleanup();
  });

  it('writes one Income row per balance increase, at the time of the read that saw it', async () => {
    const r = await runCli(['earnings', '--offline', '--network', 'storj', '--export', 'rotki'], { env });
    assert.equal(r.code, 0, r.stderr);
    const [header, ...rows] = r.stdout.trimEnd().split('\r\n');
    assert.equal(header, 'Type,Location,Currency,Amount,Fee,Fee Currency,Description,Timestamp');
    const cells = rows.map((l) => l.split(','));
    assert.deepEqual(
      cells.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5]]),
      [
        ['Income', 'ethereum', 'eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', '0.25000001', '', ''],
        ['Income', 'ethereum', 'eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', '10', '', ''],
      ],
    );
    const stamps = cells.map((c) => Number(c[7]));
    assert.ok(stamps[0] >= runs[1] && stamps[0] < runs[2], `first earning at ${stamps[0]}, read between ${runs[1]} and ${runs[2]}`);
    assert.ok(stamps[1] >= runs[3], `second earning at ${stamps[1]}, read from ${runs[3]}`);
    assert.match(cells[0][6], new RegExp(`storj earnings of ${owner}`));
  });

  it('the chart of the same history shows storj with its value at the stored price', async () => {
    const r = await runCli(['earnings', '--offline', '--network', 'storj', '--chart'], { env });
    assert.equal(r.code, 0, r.stderr);
    // (0.25000001 + 10) STORJ at 0.5 USD.
    assert.match(r.stdout, /# storj 5\.13 USD/);
  });
});
