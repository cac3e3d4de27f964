// `depin status`: each node with the wallet it pays and what it earned over the last 24 h, from the
// history that `depin earnings` records (a loopback Arweave gateway and price service).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { runCli, tempHome } from '../helpers/cli.js';
import { startFaultServer } from '../helpers/fault-server.js';
import { arweaveAddress, startLoopbackArweave } from '../helpers/loopback-arweave.js';
import { resolvePaths } from '../../src/store/paths.js';
import { earnedText, nodeEarnings } from '../../src/core/status-earnings.js';
import type { OnChainLine } from '../../src/core/earnings-types.js';
import { markJoined } from '../helpers/joined.js';
import { openEventLog } from '../../src/store/events-db.js';

const WINSTON = 1_000_000_000_000n;

function line(over: Partial<OnChainLine>): OnChainLine {
  return {
    source: 'on-chain',
    network: 'arweave',
    chain: 'arweave',
    wallet: 'w1',
    symbol: 'AR',
    token: 'native',
    decimals: 12,
    status: 'ok',
    fullPeriod: true,
    ...over,
  };
}

describe('status earnings (pure)', () => {
  test('recorded wallets first, book wallets of the network added once, others left out', () => {
    const e = nodeEarnings(
      'storj',
      [{ address: '0xAbC0000000000000000000000000000000000001', chain: 'ethereum' }],
      [
        { address: '0xabc0000000000000000000000000000000000001', chain: 'ethereum', network: 'storj', label: 'same' },
        { address: '0xdef0000000000000000000000000000000000002', chain: 'ethereum', network: 'storj' },
        { address: '0x9990000000000000000000000000000000000003', chain: 'ethereum', network: 'iotex' },
      ],
      { onChain: [] },
    );
    assert.deepEqual(
      e.payoutWallets.map((w) => w.address),
      ['0xAbC0000000000000000000000000000000000001', '0xdef0000000000000000000000000000000000002'],
    );
    assert.equal(e.earnings24h, null, 'never read is not zero earned');
  });

  test('sums per token across wallets; no total when one token has no price', () => {
    const report = {
      onChain: [
        line({ wallet: 'w1', earnedRaw: WINSTON, earnedValue: 10, asOf: 1000 }),
        line({ wallet: 'w2', earnedRaw: WINSTON / 2n, earnedValue: 5, asOf: 3000 }),
        line({ network: 'other', earnedRaw: 7n * WINSTON, earnedValue: 70 }),
      ],
    };
    const e = nodeEarnings('arweave', [], [], report);
    assert.deepEqual(e.earnings24h, {
      lines: [{ symbol: 'AR', chain: 'arweave', amount: '1.5', value: 15 }],
      value: 15,
      currency: 'usd',
      lastReadAt: new Date(3000).toISOString(),
    });
    assert.equal(earnedText(e.earnings24h), '1.5 AR ($15.00)');
    const unpriced = nodeEarnings('arweave', [], [], { onChain: [...report.onChain, line({ symbol: 'X', token: 'x', decimals: 0, earnedRaw: 3n })] });
    assert.equal(unpriced.earnings24h?.value, undefined);
    assert.equal(earnedText(unpriced.earnings24h), '1.5 AR, 3 X');
  });
});

describe('depin status with earnings history', { timeout: 120_000 }, () => {
  const home = tempHome();
  const wallet = arweaveAddress('status-earnings');
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    await Promise.all(closers.map((c) => c()));
    home.cleanup();
  });

  test('--json and the table show the payout wallet and the last 24 h earned', async () => {
    const chain = await startLoopbackArweave({ wallets: { [wallet]: WINSTON } });
    // CoinGecko's simple price answer shape (composed), AR at 10 USD.
    const prices = await startFaultServer([{ path: '/simple/price', handle: () => ({ body: { arweave: { usd: 10 } } }) }]);
    closers.push(
      () => chain.close(),
      () => prices.close(),
    );
    const env = { ...home.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock', DEPIN_RPC_ARWEAVE: chain.url, DEPIN_PRICES_URL: prices.url };
    markJoined(env, 'arweave', [{ kind: 'wallet', address: wallet, chain: 'arweave', label: 'miner' }]);

    const before = await runCli(['status', '--json'], { env });
    assert.equal(existsSync(resolvePaths(env).dbFile), false, 'status creates no history');
    assert.deepEqual(before.json().nodes[0].payoutWallets, [{ address: wallet, chain: 'arweave', label: 'miner' }]);
    assert.equal(before.json().nodes[0].earnings24h, null);

    assert.equal((await runCli(['wallet', 'add', wallet, '--network', 'arweave'], { env })).code, 0);
    assert.equal((await runCli(['earnings', '--json'], { env })).code, 0);
    const db = new Database(resolvePaths(env).dbFile);
    db.prepare('UPDATE snapshots SET taken_at = taken_at - 3600000').run();
    db.close();
    chain.state.wallets[wallet] = 3n * WINSTON;
    assert.equal((await runCli(['earnings', '--json'], { env })).code, 0);

    const r = await runCli(['status', '--json'], { env });
    const node = r.json().nodes[0];
    assert.equal(node.network, 'arweave');
    assert.deepEqual(node.payoutWallets, [{ address: wallet, chain: 'arweave', label: 'miner' }], 'the book entry is the same wallet');
    assert.equal(node.earnings24h.currency, 'usd');
    assert.deepEqual(node.earnings24h.lines, [{ symbol: 'AR', chain: 'arweave', amount: '2', value: 20 }]);
    assert.equal(node.earnings24h.value, 20);
    assert.ok(Date.parse(node.earnings24h.lastReadAt) > Date.now() - 60_000);

    assert.equal(node.restarts24h, 0);

    // The watchdog's restarts of the last 24 h, from the event log; an older one and another network's do not count.
    const log = await openEventLog(resolvePaths(env).dbFile);
    log.append([
      { at: Date.now() - 25 * 3_600_000, network: 'arweave', kind: 'restart', detail: 'restarted arweave (yesterday)' },
      { at: Date.now() - 3_600_000, network: 'arweave', kind: 'restart', detail: 'restarted arweave' },
      { at: Date.now() - 60_000, network: 'arweave', kind: 'restart', detail: 'restarted arweave' },
      { at: Date.now() - 60_000, network: 'storj', kind: 'restart', detail: 'restarted storj' },
      { at: Date.now() - 60_000, network: 'arweave', kind: 'restart-failed', detail: 'could not restart arweave' },
    ]);
    log.close();
    assert.equal((await runCli(['status', '--json'], { env })).json().nodes[0].restarts24h, 2);

    const table = await runCli(['status'], { env: { ...env, COLUMNS: '200' } });
    assert.match(table.stdout, /earned 24h/);
    assert.match(table.stdout, /restarts 24h/);
    assert.match(table.stdout, /2 AR \(\$20\.00\)/);
    assert.match(table.stdout, new RegExp(`${wallet.slice(0, 6)}…${wallet.slice(-4)}`));
  });
});
