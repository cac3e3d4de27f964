import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filecoinReader, LOTUS_TOKEN_ENV } from '../../src/chains/filecoin-reader.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startFaultServer, type FaultServer, type LoopbackOptions } from '../helpers/fault-server.js';
import { filecoinAddress, HEAD_CIDS, lotusHandler, startLoopbackLotus, type LotusState } from '../helpers/loopback-lotus.js';

const TIMER_SLACK_MS = 5;
const FIL: TokenSpec = { symbol: 'FIL', chain: 'filecoin', native: true, decimals: 18 };
const ALICE = filecoinAddress('alice');
const BOB = filecoinAddress('bob');
const wallet = (address: string): BalanceRequest => ({ chain: 'filecoin', address, readAddress: address, token: FIL });
const miner = (minerId: string): BalanceRequest => ({ chain: 'filecoin', address: minerId, readAddress: minerId, token: FIL, minerId });
const raws = (results: BalanceResult[]) => results.map((r) => (r.status === 'ok' ? r.raw : r.status));
const reasonOf = (r: BalanceResult) => (r.status === 'ok' ? '' : r.reason);
const batchOf = (server: FaultServer, n: number) => JSON.parse(server.requests.log[n].body) as { method: string; params: unknown[] }[];

describe('filecoinReader', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  async function lotus(state: Partial<LotusState>, faults?: LoopbackOptions['faults']) {
    const server = await startLoopbackLotus({ wallets: {}, ...state }, { faults });
    servers.push(server);
    return server;
  }

  test('reads exact attoFIL wallet balances; an unknown wallet holds 0', async () => {
    const big = 2n ** 80n + 7n;
    const node = await lotus({ wallets: { [ALICE]: 1_500_000_000_000_000_000n, [BOB]: big } });
    const results = await filecoinReader.readBalances([wallet(ALICE), wallet(BOB), wallet(filecoinAddress('nobody'))], { endpoint: node.endpoint });
    assert.deepEqual(raws(results), [1_500_000_000_000_000_000n, big, 0n]);
    assert.ok(results.every((r) => r.status === 'ok' && r.decimals === 18));
    assert.equal(node.requests.count, 1);
  });

  test('reads 100 wallets in one HTTP request', async () => {
    const addresses = Array.from({ length: 100 }, (_, i) => filecoinAddress(`wallet-${i}`));
    const node = await lotus({ wallets: Object.fromEntries(addresses.map((a, i) => [a, BigInt(i) * 10n ** 17n])) });
    const results = await filecoinReader.readBalances(addresses.map(wallet), { endpoint: node.endpoint });
    assert.deepEqual(
      raws(results),
      addresses.map((_, i) => BigInt(i) * 10n ** 17n),
    );
    assert.equal(node.requests.count, 1);
    assert.equal(batchOf(node, 0).length, 100);
    assert.ok(batchOf(node, 0).every((call) => call.method === 'Filecoin.WalletBalance'));
  });

  test('asks once per distinct address and matches answers by id whatever their order', async () => {
    const node = await lotus({ wallets: { [ALICE]: 1n, [BOB]: 2n }, reverseBatches: true });
    const results = await filecoinReader.readBalances([wallet(ALICE), wallet(BOB), wallet(ALICE)], { endpoint: node.endpoint });
    assert.deepEqual(raws(results), [1n, 2n, 1n]);
    assert.equal(batchOf(node, 0).length, 2);
  });

  test('reads a miner available balance with a null TipSetKey in the same batch as wallets', async () => {
    const node = await lotus({ wallets: { [ALICE]: 5n }, miners: { f01234: 42_000_000_000_000_000_000n } });
    const results = await filecoinReader.readBalances([wallet(ALICE), miner('f01234')], { endpoint: node.endpoint });
    assert.deepEqual(raws(results), [5n, 42_000_000_000_000_000_000n]);
    assert.equal(node.requests.count, 1);
    assert.deepEqual(batchOf(node, 0).find((call) => call.method === 'Filecoin.StateMinerAvailableBalance')?.params, ['f01234', null]);
  });

  test('falls back to the head TipSetKey when a node rejects null', async () => {
    const node = await lotus({ miners: { f01234: 7n, f05678: 9n }, rejectNullTipSetKey: true });
    const results = await filecoinReader.readBalances([miner('f01234'), miner('f05678')], { endpoint: node.endpoint });
    assert.deepEqual(raws(results), [7n, 9n]);
    assert.equal(node.requests.count, 2);
    assert.deepEqual(batchOf(node, 1), [
      { jsonrpc: '2.0', id: 1, method: 'Filecoin.StateMinerAvailableBalance', params: ['f01234', HEAD_CIDS] },
      { jsonrpc: '2.0', id: 2, method: 'Filecoin.StateMinerAvailableBalance', params: ['f05678', HEAD_CIDS] },
    ]);
  });

  test('an unknown miner fails alone, after the fallback also fails', async () => {
    const node = await lotus({ wallets: { [ALICE]: 3n }, miners: {} });
    const [alice, unknown] = await filecoinReader.readBalances([wallet(ALICE), miner('f09999')], { endpoint: node.endpoint });
    assert.equal(alice.status === 'ok' && alice.raw, 3n);
    assert.equal(unknown.status, 'bad-response');
    assert.match(reasonOf(unknown), /actor not found/);
  });

  test('a JSON-RPC error fails only its own request', async () => {
    const node = await lotus({ wallets: { [ALICE]: 11n, [BOB]: 12n } });
    const results = await filecoinReader.readBalances([wallet(ALICE), wallet('not-an-address'), wallet(BOB)], { endpoint: node.endpoint });
    assert.deepEqual(raws(results), [11n, 'bad-response', 12n]);
    assert.match(reasonOf(results[1]), /Filecoin.WalletBalance failed: failed to parse address/);
  });

  test('a result that is not a decimal string is a bad response', async () => {
    const handler = lotusHandler({ wallets: { [ALICE]: 1n } });
    const server = await startFaultServer(async (request) => {
      const reply = await handler(request);
      const calls = reply.body as { id: number }[];
      return { body: calls.map((c, i) => (i === 0 ? { ...c, result: 1.5e18 } : { ...c, result: '0x10' })) };
    });
    servers.push(server);
    const results = await filecoinReader.readBalances([wallet(ALICE), wallet(BOB)], { endpoint: `${server.url}/rpc/v1` });
    assert.deepEqual(raws(results), ['bad-response', 'bad-response']);
    assert.match(reasonOf(results[1]), /attoFIL decimal string, got "0x10"/);
  });

  test('sends the token from DEPIN_LOTUS_TOKEN and never repeats it in a reason', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-lotus-token';
    const node = await lotus({ wallets: { [ALICE]: 8n }, token: secret });
    const refused = await filecoinReader.readBalances([wallet(ALICE)], { endpoint: node.endpoint });
    assert.equal(refused[0].status, 'bad-response');
    assert.doesNotMatch(
      JSON.stringify(refused, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      /secret-lotus-token/,
    );
    process.env[LOTUS_TOKEN_ENV] = secret;
    try {
      assert.deepEqual(raws(await filecoinReader.readBalances([wallet(ALICE)], { endpoint: node.endpoint })), [8n]);
      assert.equal(node.requests.log[1].headers.authorization, `Bearer ${secret}`);
    } finally {
      delete process.env[LOTUS_TOKEN_ENV];
    }
  });

  test('answers a request for another chain with wrong-chain, without asking', async () => {
    const node = await lotus({});
    const [result] = await filecoinReader.readBalances([{ ...wallet(ALICE), chain: 'arweave' }], { endpoint: node.endpoint });
    assert.equal(result.status, 'wrong-chain');
    assert.equal(node.requests.count, 0);
  });

  describe('faults', () => {
    const state = { wallets: { [ALICE]: 1_500_000_000_000_000_000n, [BOB]: 1n } };
    const both = [wallet(ALICE), wallet(BOB)];

    test('a node that never answers times out as unreachable', async () => {
      const node = await lotus(state, { rules: [{ fault: { kind: 'hang' } }] });
      const results = await filecoinReader.readBalances(both, { endpoint: node.endpoint, timeoutMs: 200, retries: 0 });
      assert.deepEqual(raws(results), ['unreachable', 'unreachable']);
      assert.match(reasonOf(results[0]), /timed out after 200 ms/);
    });

    test('429 with Retry-After is waited out, then read', async () => {
      const node = await lotus(state, [{ kind: 'status', status: 429, retryAfter: '1' }]);
      const results = await filecoinReader.readBalances(both, { endpoint: node.endpoint });
      assert.deepEqual(raws(results), [1_500_000_000_000_000_000n, 1n]);
      const [first, second] = node.requests.log;
      assert.equal(node.requests.count, 2);
      assert.ok(second.at - first.at >= 1_000 - TIMER_SLACK_MS, `retried after ${second.at - first.at} ms`);
    });

    test('500 then success', async () => {
      const node = await lotus(state, [{ kind: 'status', status: 500 }]);
      assert.deepEqual(raws(await filecoinReader.readBalances(both, { endpoint: node.endpoint })), [1_500_000_000_000_000_000n, 1n]);
      assert.equal(node.requests.count, 2);
    });

    test('a reset connection is unreachable when retries are spent, and read when one is left', async () => {
      const node = await lotus(state, { rules: [{ fault: { kind: 'reset' }, times: 2 }] });
      assert.deepEqual(raws(await filecoinReader.readBalances(both, { endpoint: node.endpoint, retries: 0 })), ['unreachable', 'unreachable']);
      assert.deepEqual(raws(await filecoinReader.readBalances(both, { endpoint: node.endpoint, retries: 1 })), [1_500_000_000_000_000_000n, 1n]);
      assert.equal(node.requests.count, 3);
    });

    test('truncated JSON fails every request of the batch as a bad response', async () => {
      const node = await lotus(state, [{ kind: 'truncate' }]);
      const results = await filecoinReader.readBalances(both, { endpoint: node.endpoint });
      assert.deepEqual(raws(results), ['bad-response', 'bad-response']);
      assert.match(reasonOf(results[0]), /malformed JSON/);
      assert.equal(node.requests.count, 1);
    });

    test('malformed JSON fails every request of the batch as a bad response', async () => {
      const node = await lotus(state, [{ kind: 'malformed' }]);
      assert.deepEqual(raws(await filecoinReader.readBalances(both, { endpoint: node.endpoint })), ['bad-response', 'bad-response']);
      assert.equal(node.requests.count, 1);
    });
  });
});
