import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Keypair } from '@solana/web3.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { chainWithMints, REAL_MINTS } from '../helpers/solana-fixtures.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { startAnvil, freePort, type Anvil } from '../helpers/anvil.js';
import { placeMulticall, placeToken, setNativeBalance, setTokenBalance } from '../helpers/contracts/place.js';
import { STORJ_ADDRESS, walletAddress } from '../helpers/contracts/tokens.js';
import { startLoopbackLotus, filecoinAddress, type LoopbackLotus } from '../helpers/loopback-lotus.js';
import { startLoopbackLcd, akashAddress, type LoopbackLcd } from '../helpers/loopback-lcd.js';
import { startLoopbackArweave, arweaveAddress, type LoopbackArweave } from '../helpers/loopback-arweave.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { startLoopbackCometBft } from '../helpers/loopback-cometbft.js';

/**
 * `depin earnings` end to end: the built CLI, real wallets added through `depin wallet add`, and
 * every chain family on loopback (litesvm, anvil, Lotus, Cosmos LCD, Arweave, CoinGecko, Storj).
 */
describe('depin earnings end to end', { timeout: 240_000 }, () => {
  const home = tempHome();
  let solana: LitesvmRpc;
  let eth: Anvil;
  let iotex: Anvil;
  let lotus: LoopbackLotus;
  let lcd: LoopbackLcd;
  let arweave: LoopbackArweave;
  let prices: FaultServer;
  let storj: FaultServer;
  let closedPort: number;
  let env: NodeJS.ProcessEnv;

  const sol = chainWithMints().chain;
  const solOwner = Keypair.generate().publicKey.toBase58();
  const evmOwner = walletAddress(7);
  const fil = filecoinAddress('e2e');
  const akash = akashAddress('e2e');
  const ar = arweaveAddress('e2e');

  before(async () => {
    // The remaining real mints of the built-in networks, so the endpoint looks like mainnet.
    for (const [mint, decimals] of [
      ['Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', 9],
      ['iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns', 6],
      ['mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6', 6],
      ['4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy', 9],
      ['RoamA1USA8xjvpTJZ6RvvxyDRzNh6GCA1zVGKSiMVkn', 6],
    ] as const) {
      sol.placeMint(mint, decimals);
    }
    sol.fund([
      { owner: solOwner, mint: REAL_MINTS.RENDER.mint, amount: 1_250_000_000n }, // 12.5 RENDER (8 dec)
      { owner: solOwner, mint: REAL_MINTS.NOS.mint, amount: 7_000_000n }, // 7 NOS (6 dec)
    ]);
    solana = await startLitesvmRpc(sol.svm);
    eth = await startAnvil({ chainId: 1 });
    await placeMulticall(eth);
    await placeToken(eth, STORJ_ADDRESS, { name: 'Storj', symbol: 'STORJ', decimals: 8, balances: [[evmOwner, 25_000_000_000n]] }); // 250 STORJ
    iotex = await startAnvil({ chainId: 4689 });
    await setNativeBalance(iotex, evmOwner, 3n * 10n ** 18n);
    lotus = await startLoopbackLotus({ wallets: { [fil]: 1_500_000_000_000_000_000n } });
    lcd = await startLoopbackLcd({
      balances: {
        [akash]: [
          { denom: 'uakt', amount: '2000000' },
          { denom: 'uact', amount: '500000' },
        ],
      },
      rewards: { [akash]: [{ validator: 'akashvaloper1xyz', reward: [{ denom: 'uakt', amount: '1500.750000000000000000' }] }] },
    });
    arweave = await startLoopbackArweave({ wallets: { [ar]: 2_000_000_000_000n } });
    prices = await startFaultServer([
      {
        path: '/simple/price',
        handle: (req) => {
          const ids = new URL(req.url, 'http://x').searchParams.get('ids')!.split(',');
          const table: Record<string, number> = { 'render-token': 4, nosana: 1.5, storj: 0.5, iotex: 0.02, filecoin: 5, 'akash-network': 2, arweave: 10 };
          return { body: Object.fromEntries(ids.filter((id) => table[id] !== undefined).map((id) => [id, { usd: table[id] }])) };
        },
      },
    ]);
    storj = await startFaultServer([
      {
        path: '/api/sno/estimated-payout',
        handle: () => ({ body: { currentMonth: { payout: 123.4, held: 10 }, previousMonth: { payout: 250, held: 0 }, currentMonthExpectations: 300 } }),
      },
    ]);
    closedPort = await freePort();
    env = {
      ...home.env,
      DEPIN_RPC_SOLANA: solana.url,
      DEPIN_RPC_ETHEREUM: eth.url,
      DEPIN_RPC_IOTEX: iotex.url,
      DEPIN_RPC_PEAQ: `http://127.0.0.1:${closedPort}`,
      DEPIN_RPC_FILECOIN: lotus.endpoint,
      DEPIN_RPC_AKASH: lcd.url,
      DEPIN_RPC_ARWEAVE: arweave.url,
      DEPIN_PRICES_URL: prices.url,
    };
    const cfg = await runCli(['config', 'set', 'storj.dashboardUrl', storj.url], { env });
    assert.equal(cfg.code, 0, cfg.stderr);
    await runCli(['config', 'set', 'http.retries', '0'], { env });
    for (const args of [
      ['wallet', 'add', solOwner, '--label', 'gpu-box'],
      ['wallet', 'add', evmOwner, '--chain', 'ethereum', '--network', 'storj'],
      ['wallet', 'add', evmOwner.toLowerCase(), '--chain', 'iotex'],
      ['wallet', 'add', fil],
      ['wallet', 'add', akash],
      ['wallet', 'add', ar],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  after(async () => {
    await Promise.all([solana?.close(), eth?.stop(), iotex?.stop(), lotus?.close(), lcd?.close(), arweave?.close(), prices?.close(), storj?.close()]);
    home.cleanup();
  });

  const line = (json: any, network: string, symbol: string) => json.lines.find((l: any) => l.network === network && l.symbol === symbol);

  it('no wallets: exit 4 naming the fix', async () => {
    const other = tempHome();
    const r = await runCli(['earnings'], { env: other.env });
    other.cleanup();
    assert.equal(r.code, 4);
    assert.match(r.stderr, /no wallets are tracked yet/);
    assert.match(r.stderr, /depin wallet add/);
  });

  it('reads exact balances on every chain family in one run', async () => {
    const r = await runCli(['earnings', '--json'], { env: { ...env, DEPIN_RPC_PEAQ: eth.url } });
    assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(r.json().lines.filter((l: any) => l.status !== 'ok'))}\n${JSON.stringify(r.json().sourceFailures)}`);
    const json = r.json();
    assert.equal(line(json, 'render', 'RENDER').balance, '12.5');
    assert.equal(line(json, 'render', 'RENDER').balanceRaw, '1250000000');
    assert.equal(line(json, 'nosana', 'NOS').balance, '7');
    assert.equal(line(json, 'helium', 'HNT').balance, '0');
    assert.equal(line(json, 'storj', 'STORJ').balance, '250');
    assert.equal(line(json, 'iotex', 'IOTX').balance, '3');
    assert.equal(line(json, 'filecoin', 'FIL').balance, '1.5');
    assert.equal(line(json, 'akash', 'AKT').balance, '2');
    assert.equal(line(json, 'akash', 'ACT').balance, '0.5');
    assert.equal(line(json, 'arweave', 'AR').balance, '2');
    assert.equal(line(json, 'storj', 'STORJ').balanceValue, 125);
    // Network figures stay apart from on-chain amounts.
    const payout = json.networkApi.filter((x: any) => x.network === 'storj');
    assert.ok(
      payout.some((x: any) => x.amount === '1.234' && x.unit === 'usd'),
      JSON.stringify(json.networkApi),
    );
    const staking = json.networkApi.find((x: any) => x.network === 'akash');
    assert.equal(staking.amount, '0.0015');
    assert.deepEqual(json.unread, []);
  });

  it('counts deposits as earnings and outgoing transfers not as losses', async () => {
    sol.fund([{ owner: solOwner, mint: REAL_MINTS.RENDER.mint, amount: 250_000_000n }]); // +2.5 RENDER
    await setTokenBalance(eth, STORJ_ADDRESS, evmOwner, 20_000_000_000n); // 50 STORJ sent away
    const r = await runCli(['earnings', '--json', '--since', '7d'], { env: { ...env, DEPIN_RPC_PEAQ: eth.url } });
    assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(r.json().lines.filter((l: any) => l.status !== 'ok'))}\n${JSON.stringify(r.json().sourceFailures)}`);
    const json = r.json();
    assert.equal(line(json, 'render', 'RENDER').balance, '15');
    assert.equal(line(json, 'render', 'RENDER').earned, '2.5');
    assert.equal(line(json, 'storj', 'STORJ').balance, '200');
    assert.equal(line(json, 'storj', 'STORJ').earned, '0');
  });

  it('a chain that cannot be read shows its last known value and age, never zero, and exits 5', async () => {
    const r = await runCli(['earnings', '--json'], { env: { ...env, DEPIN_RPC_AKASH: `http://127.0.0.1:${closedPort}` } });
    assert.equal(r.code, 5, r.stderr);
    const json = r.json();
    const akt = line(json, 'akash', 'AKT');
    assert.equal(akt.status, 'unreachable');
    assert.equal(akt.balance, '2');
    assert.equal(typeof akt.ageMs, 'number');
    assert.match(akt.reason, /ECONNREFUSED/);
    // peaq was never read: it is reported, not shown as a zero balance.
    const peaq = line(json, 'peaq', 'PEAQ');
    assert.ok(!peaq || peaq.balance === undefined, JSON.stringify(peaq));
    assert.equal(line(json, 'render', 'RENDER').status, 'ok');
  });

  it('human output shows the failure on the line and the partial exit code', async () => {
    const r = await runCli(['earnings'], { env: { ...env, DEPIN_RPC_AKASH: `http://127.0.0.1:${closedPort}` } });
    assert.equal(r.code, 5);
    assert.match(r.stdout, /unreachable/);
    assert.match(r.stdout, /last known/);
    assert.match(r.stdout, /Earned since/);
  });

  it('--offline reads only the database', async () => {
    const dead = `http://127.0.0.1:${closedPort}`;
    const offlineEnv = {
      ...env,
      DEPIN_RPC_SOLANA: dead,
      DEPIN_RPC_ETHEREUM: dead,
      DEPIN_RPC_IOTEX: dead,
      DEPIN_RPC_FILECOIN: dead,
      DEPIN_RPC_AKASH: dead,
      DEPIN_RPC_ARWEAVE: dead,
      DEPIN_PRICES_URL: dead,
    };
    const before = prices.requests.count;
    const r = await runCli(['earnings', '--offline', '--json'], { env: offlineEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(line(r.json(), 'render', 'RENDER').balance, '15');
    assert.equal(r.json().offline, true);
    assert.equal(prices.requests.count, before);
  });

  it('--csv prints a per-day ledger a spreadsheet imports', async () => {
    const r = await runCli(['earnings', '--csv', '--offline'], { env });
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split(/\r?\n/);
    assert.equal(rows[0], 'date,network,chain,wallet,token,amount,currency,price,value,note');
    assert.ok(
      rows.some((row) => row.includes(',render,solana,') && row.includes(',RENDER,')),
      r.stdout,
    );
  });

  it('--network narrows to one network; an unknown one is exit 2 with a suggestion', async () => {
    let r = await runCli(['earnings', '--json', '--network', 'render', '--offline'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...new Set(r.json().lines.map((l: any) => l.network))], ['render']);
    r = await runCli(['earnings', '--network', 'rendr'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did you mean "render"/);
  });

  it('bad --since and conflicting formats are usage errors', async () => {
    let r = await runCli(['earnings', '--since', 'last week'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /24h/);
    r = await runCli(['earnings', '--json', '--csv'], { env });
    assert.equal(r.code, 2);
  });

  it('with akash.api=rpc, Akash is read through CometBFT batches with the same figures', async () => {
    const comet = await startLoopbackCometBft({
      balances: {
        [akash]: [
          { denom: 'uakt', amount: '2000000' },
          { denom: 'uact', amount: '500000' },
        ],
      },
      rewards: { [akash]: [{ validator: 'akashvaloper1xyz', reward: [{ denom: 'uakt', amount: '1500.75' }] }] },
      maxBatchSize: 10,
    });
    try {
      assert.equal((await runCli(['config', 'set', 'akash.api', 'rpc'], { env })).code, 0);
      const r = await runCli(['earnings', '--json', '--network', 'akash'], { env: { ...env, DEPIN_RPC_AKASH: comet.url } });
      assert.equal(r.code, 0, r.stderr);
      const json = r.json();
      assert.equal(line(json, 'akash', 'AKT').balance, '2');
      assert.equal(line(json, 'akash', 'ACT').balance, '0.5');
      assert.equal(json.networkApi.find((x: any) => x.network === 'akash').amount, '0.0015');
      assert.equal(comet.requests.count, 1);
      const bad = await runCli(['config', 'set', 'akash.api', 'grpc'], { env });
      assert.equal(bad.code, 2);
    } finally {
      await runCli(['config', 'unset', 'akash.api'], { env });
      await comet.close();
    }
  });

  it('two runs at once both succeed and the history stays consistent', async () => {
    const both = await Promise.all([
      runCli(['earnings', '--json'], { env: { ...env, DEPIN_RPC_PEAQ: eth.url } }),
      runCli(['earnings', '--json'], { env: { ...env, DEPIN_RPC_PEAQ: eth.url } }),
    ]);
    for (const r of both) {
      assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(r.json().lines.filter((l: any) => l.status !== 'ok'))}`);
      assert.equal(line(r.json(), 'render', 'RENDER').balance, '15');
    }
  });
});
