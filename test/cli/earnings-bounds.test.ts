import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Keypair } from '@solana/web3.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { freePort } from '../helpers/anvil.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { arweaveAddress } from '../helpers/loopback-arweave.js';
import { chainWithMints, REAL_MINTS } from '../helpers/solana-fixtures.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { walletAddress } from '../helpers/contracts/tokens.js';
import { commandDeadlineMs } from '../../src/net/deadline.js';

/** A Solana address of 44 characters, so no prompt asks whether it could be Arweave's. */
function solanaAddress(): string {
  for (;;) {
    const a = Keypair.generate().publicKey.toBase58();
    if (a.length === 44) return a;
  }
}

async function setup(env: NodeJS.ProcessEnv, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const r = await runCli(args, { env });
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
}

describe('depin earnings: secrets in endpoint URLs', { timeout: 120_000 }, () => {
  const home = tempHome();
  let rpc: FaultServer;
  const password = 'S3cret-Pass-9911';
  const pathKey = '0123456789abcdef0123456789abcdef';
  const queryKey = 'qk-live-4455667788';
  const basic = Buffer.from(`alice:${password}`).toString('base64');
  let env: NodeJS.ProcessEnv;

  before(async () => {
    // A paid-RPC stand-in: wants Basic auth, and echoes what it got (as some do) when refusing.
    rpc = await startFaultServer((req) =>
      req.url.pathname.startsWith('/good/') && req.headers.authorization === `Basic ${basic}`
        ? { status: 401, body: `key ${req.url.pathname} ${req.url.search} not enabled for ${req.headers.authorization}` }
        : { status: 401, body: `denied ${req.headers.authorization ?? 'anonymous'} at ${req.path}` },
    );
    const url = rpc.url.replace('http://', `http://alice:${password}@`);
    env = { ...home.env, DEPIN_RPC_ETHEREUM: `${url}/good/${pathKey}?api-key=${queryKey}`, DEPIN_PRICES_URL: `http://127.0.0.1:${await freePort()}` };
    await setup(env, [
      ['config', 'set', 'http.retries', '0'],
      // Accepted by config set too: credentials in the URL are supported, not refused.
      ['config', 'set', 'rpc.arweave', `${url}/good/${pathKey}`],
      ['wallet', 'add', walletAddress(3), '--chain', 'ethereum', '--network', 'storj'],
      ['wallet', 'add', arweaveAddress('secret'), '--chain', 'arweave'],
    ]);
  });
  after(async () => {
    await rpc.close();
    home.cleanup();
  });

  const secrets = [password, pathKey, queryKey, basic];
  const assertClean = (where: string, text: string) => {
    for (const s of secrets) assert.ok(!text.includes(s), `${where} holds ${s}:\n${text}`);
  };

  it('sends the credentials as Basic auth, and no output or history record holds them', async () => {
    const json = await runCli(['earnings', '--json', '--network', 'storj'], { env });
    const table = await runCli(['earnings'], { env });
    const csv = await runCli(['earnings', '--csv'], { env });
    for (const r of [json, table, csv]) assert.equal(r.code, 5, r.stderr);
    assert.ok(
      rpc.requests.log.some((r) => r.headers.authorization === `Basic ${basic}`),
      'the URL credentials were not sent as Basic auth',
    );
    assert.ok(rpc.requests.log.every((r) => !r.path.includes('alice')));
    const storj = json.json().lines.find((l: any) => l.network === 'storj');
    assert.match(storj.reason, /HTTP 401/, JSON.stringify(storj));
    for (const [name, r] of [
      ['--json', json],
      ['table', table],
      ['--csv', csv],
    ] as const) {
      assertClean(`${name} stdout`, r.stdout);
      assertClean(`${name} stderr`, r.stderr);
    }
    const db = join(home.env.DEPIN_HOME!, 'data', 'history.db');
    assert.ok(existsSync(db), db);
    for (const file of [db, `${db}-wal`]) if (existsSync(file)) assertClean(file, readFileSync(file).toString('latin1'));
    // The failure records are there, only without the secrets.
    assert.match(readFileSync(db).toString('latin1') + (existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`).toString('latin1') : ''), /HTTP 401/);
  });

  it('history.db and its -wal/-shm are readable by their owner only', async () => {
    const db = join(home.env.DEPIN_HOME!, 'data', 'history.db');
    assert.ok(existsSync(db));
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      if (!existsSync(file)) continue;
      assert.equal((statSync(file).mode & 0o777).toString(8), '600', file);
    }
  });
});

describe('depin earnings: honest totals when chains fail', { timeout: 120_000 }, () => {
  const home = tempHome();
  let env: NodeJS.ProcessEnv;
  before(async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    env = { ...home.env, DEPIN_RPC_SOLANA: dead, DEPIN_RPC_ETHEREUM: dead, DEPIN_RPC_ARWEAVE: dead, DEPIN_PRICES_URL: dead };
    await setup(env, [
      ['config', 'set', 'http.retries', '0'],
      ['wallet', 'add', solanaAddress(), '--chain', 'solana', '--network', 'render'],
      ['wallet', 'add', walletAddress(5), '--chain', 'ethereum', '--network', 'storj'],
      ['wallet', 'add', arweaveAddress('totals'), '--chain', 'arweave'],
    ]);
  });
  after(() => home.cleanup());

  it('--json says the totals are incomplete and lists every unread chain', async () => {
    const r = await runCli(['earnings', '--json'], { env });
    assert.equal(r.code, 5, r.stderr);
    const json = r.json();
    assert.equal(json.totals.complete, false);
    assert.equal(json.totals.known, false);
    assert.deepEqual(json.totals.unread, ['arweave', 'ethereum', 'solana']);
    assert.deepEqual([...new Set(json.unread.map((u: any) => u.chain))].sort(), ['arweave', 'ethereum', 'solana']);
    assert.ok(json.unread.every((u: any) => u.reason && u.status !== 'ok'));
  });

  it('the table never shows $0.00 as a total when nothing could be read', async () => {
    const r = await runCli(['earnings'], { env });
    assert.equal(r.code, 5);
    const summary = r.stdout.split('\n').find((l) => l.startsWith('Earned since'))!;
    assert.ok(summary, r.stdout);
    assert.doesNotMatch(summary, /\$0\.00/);
    assert.match(summary, /unknown/);
    assert.match(summary, /arweave, ethereum, solana/);
  });

  it('--csv names its failures on stderr and exits 5', async () => {
    const r = await runCli(['earnings', '--csv'], { env });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stdout, /^date,network,chain,wallet,token,amount,currency,price,value,note/);
    for (const chain of ['arweave', 'ethereum', 'solana']) assert.match(r.stderr, new RegExp(`unread: ${chain} `));
  });
});

describe('depin earnings: one deadline for prices, chains and reward sources', { timeout: 120_000 }, () => {
  const home = tempHome();
  let hang: FaultServer;
  let env: NodeJS.ProcessEnv;
  const timeoutMs = 1_500;
  const retries = 1;

  before(async () => {
    hang = await startFaultServer(() => ({ body: 'never' }), { rules: [{ fault: { kind: 'hang' } }] });
    env = {
      ...home.env,
      DEPIN_RPC_SOLANA: hang.url,
      DEPIN_RPC_ETHEREUM: hang.url,
      DEPIN_PRICES_URL: hang.url,
    };
    const wallets = Array.from({ length: 5 }, () => ['wallet', 'add', solanaAddress(), '--chain', 'solana', '--network', 'helium']);
    await setup(env, [
      ['config', 'set', 'http.timeoutMs', String(timeoutMs)],
      ['config', 'set', 'http.retries', String(retries)],
      ['config', 'set', 'helium.entitiesUrl', hang.url],
      ['config', 'set', 'helium.oracleUrl', hang.url],
      ...wallets,
      ['wallet', 'add', walletAddress(9), '--chain', 'ethereum', '--network', 'storj'],
    ]);
  });
  after(async () => {
    await hang.close();
    home.cleanup();
  });

  it('with every endpoint hanging, the run ends by its deadline and reports what was not read', async () => {
    const deadline = commandDeadlineMs(timeoutMs, retries);
    const r = await runCli(['earnings', '--json'], { env });
    const ended = performance.now();
    assert.equal(r.code, 5, r.stderr);
    // Measured from the first request the endpoints saw, so the CLI's start-up time (slow on a busy
    // machine) does not count; what is left after the deadline is writing the history and exiting.
    const elapsed = ended - hang.requests.log[0].at;
    assert.ok(elapsed < deadline + 1_500, `took ${Math.round(elapsed)} ms after the first request; the deadline is ${deadline} ms`);
    const json = r.json();
    assert.deepEqual(json.totals.unread, ['ethereum', 'solana']);
    assert.equal(json.prices.status, 'failed');
    const helium = json.sourceFailures.find((f: any) => f.network === 'helium');
    assert.ok(helium, JSON.stringify(json.sourceFailures));
    // The prices were asked for at the start, not after the chains gave up.
    const priceAsk = hang.requests.log.find((q) => q.url.pathname.endsWith('/simple/price'));
    const firstAsk = hang.requests.log[0];
    assert.ok(priceAsk && priceAsk.at - firstAsk.at < timeoutMs, 'prices were requested only after the chains timed out');
    // All five Helium wallets were asked for before the first request could time out.
    const heliumAsks = hang.requests.log.filter((q) => q.url.pathname.startsWith('/v2/wallet/'));
    const firstRound = heliumAsks.filter((q) => q.at - heliumAsks[0].at < timeoutMs);
    assert.ok(firstRound.length >= 4, `only ${firstRound.length} wallets asked at once`);
  });
});

describe('depin earnings honours its config keys', { timeout: 180_000 }, () => {
  const home = tempHome();
  let env: NodeJS.ProcessEnv;
  let prices: FaultServer;
  let ethRpc: FaultServer;
  let gateway: FaultServer;
  let solana: LitesvmRpc;
  const owner = solanaAddress();

  before(async () => {
    prices = await startFaultServer([{ path: '/simple/price', handle: () => ({ body: { arweave: { usd: 10 }, 'render-token': { usd: 4 } } }) }]);
    ethRpc = await startFaultServer(() => ({ body: 'x' }), { rules: [{ fault: { kind: 'status', status: 503 } }] });
    gateway = await startFaultServer([{ path: /^\/wallet\/([^/]+)\/balance$/, handle: () => ({ body: '1000000000000' }) }], {}, { latencyMs: 300 });
    const { chain } = chainWithMints();
    chain.fund([{ owner, mint: REAL_MINTS.RENDER.mint, amount: 100_000_000n }]); // 1 RENDER at its associated account
    chain.mintToNewAccount(owner, REAL_MINTS.RENDER.mint, 200_000_000n); // 2 more in another account
    solana = await startLitesvmRpc(chain.svm);
    env = { ...home.env, DEPIN_PRICES_URL: prices.url, DEPIN_RPC_ETHEREUM: ethRpc.url, DEPIN_RPC_ARWEAVE: gateway.url, DEPIN_RPC_SOLANA: solana.url };
    await setup(env, [
      ['wallet', 'add', walletAddress(4), '--chain', 'ethereum', '--network', 'storj'],
      ['wallet', 'add', owner, '--chain', 'solana', '--network', 'render'],
      ...Array.from({ length: 6 }, (_, i) => ['wallet', 'add', arweaveAddress(`conc-${i}`), '--chain', 'arweave']),
    ]);
  });
  after(async () => {
    await Promise.all([prices.close(), ethRpc.close(), gateway.close(), solana.close()]);
    home.cleanup();
  });

  it('http.retries: a failing endpoint is asked exactly retries + 1 times', async () => {
    for (const retries of [0, 2]) {
      await setup(env, [['config', 'set', 'http.retries', String(retries)]]);
      ethRpc.requests.clear();
      const r = await runCli(['earnings', '--json', '--network', 'storj'], { env });
      assert.equal(r.code, 5, r.stderr);
      assert.equal(ethRpc.requests.count, retries + 1, `http.retries=${retries}`);
    }
  });

  it('http.concurrency: requests in flight at one endpoint stay under the setting', async () => {
    const most = async (concurrency: number) => {
      await setup(env, [['config', 'set', 'http.concurrency', String(concurrency)]]);
      gateway.requests.clear();
      const r = await runCli(['earnings', '--json', '--network', 'arweave'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(gateway.requests.count, 6);
      return gateway.requests.maxInFlight;
    };
    assert.equal(await most(2), 2, 'http.concurrency=2');
    // Six addresses under a cap of six: more than two at once shows the setting, not a default, decides.
    const six = await most(6);
    assert.ok(six > 2 && six <= 6, `http.concurrency=6 gave ${six} in flight`);
  });

  it('prices.ttlSeconds: a fresh price is reused, an expired one asked for again', async () => {
    const run = async () => assert.equal((await runCli(['earnings', '--json', '--network', 'arweave'], { env })).code, 0);
    const expire = async () => {
      await setup(env, [['config', 'set', 'prices.ttlSeconds', '1']]);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    };
    await expire();
    prices.requests.clear();
    await run();
    assert.equal(prices.requests.count, 1, 'an expired price was not fetched again');
    await setup(env, [['config', 'set', 'prices.ttlSeconds', '3600']]);
    await run();
    assert.equal(prices.requests.count, 1, 'a price within its lifetime was fetched again');
    await expire();
    await run();
    assert.equal(prices.requests.count, 2, 'an expired price was not fetched again');
  });

  it('solana.scan: scan finds token accounts beside the associated one; ata reads only that one', async () => {
    const render = async () => {
      const r = await runCli(['earnings', '--json', '--network', 'render'], { env });
      assert.equal(r.code, 0, r.stderr);
      return r.json().lines.find((l: any) => l.symbol === 'RENDER').balance;
    };
    await setup(env, [['config', 'set', 'solana.scan', 'ata']]);
    solana.resetCounts();
    assert.equal(await render(), '1');
    assert.equal(solana.counts.methods.getTokenAccountsByOwner ?? 0, 0);
    await setup(env, [['config', 'set', 'solana.scan', 'scan']]);
    assert.equal(await render(), '3');
    assert.ok((solana.counts.methods.getTokenAccountsByOwner ?? 0) > 0);
  });
});
