import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cosmosReader } from '../../src/chains/cosmos-reader.js';
import { ALL_BALANCES_PATH, cosmosRpcReader, encodeAllBalancesRequest, TOTAL_REWARDS_PATH } from '../../src/chains/cosmos-rpc-reader.js';
import { jsonRpcBatch } from '../../src/chains/json-rpc.js';
import { ProtoWriter } from '../../src/chains/protobuf-lite.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import type { FaultServer, LoopbackOptions } from '../helpers/fault-server.js';
import { startLoopbackCometBft, type CometState } from '../helpers/loopback-cometbft.js';
import { akashAddress, startLoopbackLcd } from '../helpers/loopback-lcd.js';

const AKT: TokenSpec = { symbol: 'AKT', chain: 'akash', mint: 'uakt', decimals: 6, coingeckoId: 'akash-network' };
const ACT: TokenSpec = { symbol: 'ACT', chain: 'akash', mint: 'uact', decimals: 6 };
const PROVIDER = akashAddress('provider');
const HOLDER = akashAddress('holder');
const EMPTY = akashAddress('empty');
const DELEGATOR = akashAddress('delegator');
const VALOPER_A = akashAddress('validator-a', 'akashvaloper');
const VALOPER_B = akashAddress('validator-b', 'akashvaloper');
const IBC_ATOM = 'ibc/2E5D0AC026AC1AFA65A23023BA4F24BB8DDF94F118EDC0BAD6F625BFC557CDED';

const req = (address: string, token: TokenSpec): BalanceRequest => ({ chain: 'akash', address, readAddress: address, token });
const both = (address: string) => [req(address, AKT), req(address, ACT)];
const view = (r: BalanceResult) => (r.status === 'ok' ? { raw: r.raw, pending: r.extra?.pendingRewards } : r.status);
const reasonOf = (r: BalanceResult) => (r.status === 'ok' ? '' : r.reason);
const batchSizes = (server: FaultServer) => server.requests.log.map((r) => (JSON.parse(r.body) as unknown[]).length);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const richState = (): CometState => ({
  balances: {
    [PROVIDER]: [
      { denom: 'uakt', amount: '12345678' },
      { denom: 'uact', amount: '5000000' },
      { denom: IBC_ATOM, amount: '99' },
    ],
    [HOLDER]: [{ denom: 'uakt', amount: '1000000000000000000000000' }],
    [DELEGATOR]: [{ denom: 'uakt', amount: '1' }],
  },
  rewards: {
    [PROVIDER]: [
      {
        validator: VALOPER_A,
        reward: [
          { denom: 'uakt', amount: '123.456000000000000000' },
          { denom: 'uact', amount: '7.500000000000000000' },
        ],
      },
      { validator: VALOPER_B, reward: [{ denom: 'uakt', amount: '0.999999999999999999' }] },
    ],
    [DELEGATOR]: [
      {
        validator: VALOPER_A,
        reward: [
          { denom: 'uakt', amount: '98765432109876543210.5' },
          { denom: IBC_ATOM, amount: '3.25' },
        ],
      },
    ],
  },
});

describe('cosmosRpcReader', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  async function node(state: CometState, options: LoopbackOptions = {}) {
    const server = await startLoopbackCometBft(state, options);
    servers.push(server);
    return server;
  }

  test('reads exactly what the LCD reader reads for the same chain state', async () => {
    const state = richState();
    const lcd = await startLoopbackLcd(state);
    servers.push(lcd);
    const rpc = await node(state);
    const requests = [PROVIDER, HOLDER, EMPTY, DELEGATOR].flatMap(both);
    const viaLcd = await cosmosReader.readBalances(requests, { endpoint: lcd.url });
    const viaRpc = await cosmosRpcReader.readBalances(requests, { endpoint: rpc.url });
    assert.deepEqual(viaRpc, viaLcd);
    assert.deepEqual(viaRpc.map(view), [
      // 123.456 + 0.999999999999999999 = 124.455999999999999999 uakt pending: 124.
      { raw: 12_345_678n, pending: 124n },
      { raw: 5_000_000n, pending: 7n },
      { raw: 1_000_000_000_000_000_000_000_000n, pending: 0n },
      { raw: 0n, pending: 0n },
      // No balances and no rewards: both answers are empty messages, sent with no `value` at all.
      { raw: 0n, pending: 0n },
      { raw: 0n, pending: 0n },
      { raw: 1n, pending: 98_765_432_109_876_543_210n },
      { raw: 0n, pending: 0n },
    ]);
    assert.equal(rpc.requests.count, 1);
  });

  test('sends named abci_query params with hex protobuf data at the latest height', async () => {
    const rpc = await node(richState());
    await cosmosRpcReader.readBalances([req(PROVIDER, AKT)], { endpoint: rpc.url });
    const [body] = rpc.requests.log.map((r) => JSON.parse(r.body) as { method: string; params: Record<string, unknown> }[]);
    assert.deepEqual(
      body.map((c) => c.method),
      ['abci_query', 'abci_query'],
    );
    assert.deepEqual(body[0].params, {
      path: ALL_BALANCES_PATH,
      data: Buffer.from(encodeAllBalancesRequest(PROVIDER)).toString('hex'),
      height: '0',
      prove: false,
    });
    assert.equal(body[1].params.path, TOTAL_REWARDS_PATH);
  });

  test('100 addresses cost one HTTP request; one more when every address has a second page', async () => {
    const addresses = Array.from({ length: 100 }, (_, i) => akashAddress(`wallet-${i}`));
    const state: CometState = {
      balances: Object.fromEntries(
        addresses.map((a, i) => [
          a,
          [
            { denom: 'uakt', amount: String(i + 1) },
            { denom: 'uact', amount: String(1000 + i) },
          ],
        ]),
      ),
      rewards: Object.fromEntries(addresses.map((a, i) => [a, [{ validator: VALOPER_A, reward: [{ denom: 'uakt', amount: `${i}.75` }] }]])),
    };
    const requests = addresses.flatMap(both);
    const expected = addresses.flatMap((_, i) => [
      { raw: BigInt(i + 1), pending: BigInt(i) },
      { raw: BigInt(1000 + i), pending: 0n },
    ]);

    const single = await node(state);
    assert.deepEqual((await cosmosRpcReader.readBalances(requests, { endpoint: single.url })).map(view), expected);
    assert.deepEqual(batchSizes(single), [200]);

    const paged = await node({ ...state, pageSize: 1 });
    assert.deepEqual((await cosmosRpcReader.readBalances(requests, { endpoint: paged.url })).map(view), expected);
    assert.deepEqual(batchSizes(paged), [200, 100]);
  });

  test('follows pagination until the last page, one batch per round', async () => {
    const denoms = ['uakt', 'uact', IBC_ATOM, 'ibc/AAAA', 'ibc/BBBB'];
    const rpc = await node({
      pageSize: 2,
      balances: {
        [PROVIDER]: denoms.map((denom, i) => ({ denom, amount: String(10 ** i) })),
        [HOLDER]: [
          { denom: 'uact', amount: '7' },
          { denom: 'uakt', amount: '8' },
          { denom: 'uzzz', amount: '9' },
        ],
      },
    });
    const results = await cosmosRpcReader.readBalances([...both(PROVIDER), ...both(HOLDER)], { endpoint: rpc.url });
    assert.deepEqual(results.map(view), [
      { raw: 1n, pending: 0n },
      { raw: 10n, pending: 0n },
      { raw: 8n, pending: 0n },
      { raw: 7n, pending: 0n },
    ]);
    // 5 coins at 2 a page: 3 pages for PROVIDER, 2 for HOLDER. The last round holds one call, which
    // CometBFT would answer as a bare object, so it travels padded with a `health` call.
    assert.deepEqual(batchSizes(rpc), [4, 2, 2]);
    assert.match(rpc.requests.log[2].body, /"method":"health"/);
  });

  test('a page key seen before, or more than 50 pages, ends the reading of that address', async () => {
    // A page with no coins that always points to the same next page.
    const looping = new ProtoWriter().message(2, new ProtoWriter().bytes(1, new TextEncoder().encode('uakt')).finish()).finish();
    const many = Array.from({ length: 51 }, (_, i) => ({ denom: `u${String(i).padStart(3, '0')}`, amount: '1' }));
    const rpc = await node({
      pageSize: 1,
      balances: { [HOLDER]: many, [PROVIDER]: [{ denom: 'uakt', amount: '3' }] },
      rawValues: { [DELEGATOR]: { bank: b64(looping) } },
    });
    const results = await cosmosRpcReader.readBalances(
      [DELEGATOR, HOLDER, PROVIDER].map((a) => req(a, AKT)),
      { endpoint: rpc.url },
    );
    assert.match(reasonOf(results[0]), /^bank balances for .*: unusable pagination key$/);
    assert.match(reasonOf(results[1]), /bank balances for .*: more than 50 pages/);
    assert.deepEqual(view(results[2]), { raw: 3n, pending: 0n });
    assert.equal(rpc.requests.count, 50);
  });

  test('a node that refuses large batches is asked again in slices of 10', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => akashAddress(`sliced-${i}`));
    const rpc = await node({ maxBatchSize: 10, balances: Object.fromEntries(addresses.map((a, i) => [a, [{ denom: 'uakt', amount: String(i) }]])) });
    const results = await cosmosRpcReader.readBalances(
      addresses.map((a) => req(a, AKT)),
      { endpoint: rpc.url },
    );
    assert.deepEqual(
      results.map(view),
      addresses.map((_, i) => ({ raw: BigInt(i), pending: 0n })),
    );
    assert.deepEqual(
      batchSizes(rpc).sort((a, b) => b - a),
      [24, 10, 10, 4],
    );
  });

  test('a query the app rejects fails only its own address, with the log', async () => {
    const rpc = await node(richState());
    const results = await cosmosRpcReader.readBalances([req('akash1notanaddress', AKT), req(PROVIDER, AKT)], { endpoint: rpc.url });
    assert.equal(results[0].status, 'bad-response');
    assert.match(reasonOf(results[0]), /bank balances for akash1notanaddress: query failed \(sdk code 18\): invalid address/);
    assert.deepEqual(view(results[1]), { raw: 12_345_678n, pending: 124n });
    assert.equal(rpc.requests.count, 1);
  });

  test('malformed base64 or protobuf is a bad response for that address alone', async () => {
    const brokenDec = new ProtoWriter().message(2, new ProtoWriter().string(1, 'uakt').string(2, '1.5').finish()).finish();
    const state = richState();
    state.rawValues = {
      [PROVIDER]: { bank: '!!not base64!!' },
      [HOLDER]: { rewards: b64(Uint8Array.of(0x0a, 0x05, 0x01)) },
      [DELEGATOR]: { rewards: b64(brokenDec) },
      [EMPTY]: { bank: b64(new ProtoWriter().uint64(1, 3).finish()) },
    };
    const rpc = await node(state);
    const results = await cosmosRpcReader.readBalances(
      [PROVIDER, HOLDER, DELEGATOR, EMPTY].map((a) => req(a, AKT)),
      { endpoint: rpc.url },
    );
    assert.ok(results.every((r) => r.status === 'bad-response'));
    assert.match(reasonOf(results[0]), /bank balances for .*: abci_query value is not base64/);
    assert.match(reasonOf(results[1]), /^rewards: distribution rewards for .*: malformed protobuf \(.*runs past the end/);
    assert.match(reasonOf(results[2]), /^rewards: .*malformed amount for uakt/);
    assert.match(reasonOf(results[3]), /malformed protobuf \(field 1: expected length-delimited/);
  });

  test('a 500 is retried and then read', async () => {
    const rpc = await node(richState(), { faults: [{ kind: 'status', status: 500 }, null] });
    const results = await cosmosRpcReader.readBalances(both(PROVIDER), { endpoint: rpc.url, retries: 1 });
    assert.deepEqual(results.map(view), [
      { raw: 12_345_678n, pending: 124n },
      { raw: 5_000_000n, pending: 7n },
    ]);
    assert.equal(rpc.requests.count, 2);
  });

  test('resets, timeouts and malformed JSON come back tagged for every address, never thrown', async () => {
    const requests = [...both(PROVIDER), req(HOLDER, AKT)];
    const reset = await node(richState(), { faults: { rules: [{ fault: { kind: 'reset' } }] } });
    const hang = await node(richState(), { faults: { rules: [{ fault: { kind: 'hang' } }] } });
    const garbled = await node(richState(), { faults: { rules: [{ fault: { kind: 'malformed' } }] } });
    // Only the hang needs a short timeout; the others get room for a loaded machine.
    for (const [server, status, reason, timeoutMs] of [
      [reset, 'unreachable', /fetch failed|socket|ECONNRESET/i, 5000],
      [hang, 'unreachable', /timed out after 150 ms/, 150],
      [garbled, 'bad-response', /malformed JSON from 127\.0\.0\.1:\d+/, 5000],
    ] as const) {
      const results = await cosmosRpcReader.readBalances(requests, { endpoint: server.url, retries: 0, timeoutMs });
      assert.equal(results.length, 3);
      for (const r of results) {
        assert.equal(r.status, status);
        assert.match(reasonOf(r), reason);
      }
    }
  });

  test('reasons name the host and port, never the path or query of the endpoint', async () => {
    const rpc = await node(richState(), { faults: { rules: [{ fault: { kind: 'malformed' } }] } });
    const results = await cosmosRpcReader.readBalances([req(PROVIDER, AKT)], { endpoint: `${rpc.url}/?apikey=s3cret-key`, retries: 0 });
    assert.match(reasonOf(results[0]), new RegExp(new URL(rpc.url).host.replace(/\./g, '\\.')));
    assert.doesNotMatch(reasonOf(results[0]), /s3cret/);
    const invalid = await cosmosRpcReader.readBalances([req(PROVIDER, AKT)], { endpoint: 'ftp://s3cret@example' });
    assert.deepEqual(
      invalid.map((r) => [r.status, reasonOf(r)]),
      [['bad-response', 'the Akash RPC endpoint is not an http(s) URL']],
    );
  });

  test('other chains, tokens without a denom, and no requests at all', async () => {
    const rpc = await node(richState());
    const eth: BalanceRequest = {
      chain: 'ethereum',
      address: '0x1',
      readAddress: '0x1',
      token: { symbol: 'ETH', chain: 'ethereum', native: true, decimals: 18 },
    };
    const nameless: BalanceRequest = req(PROVIDER, { symbol: 'X', chain: 'akash', decimals: 6 });
    const native: BalanceRequest = req(PROVIDER, { symbol: 'AKT', chain: 'akash', native: true, decimals: 6 });
    const results = await cosmosRpcReader.readBalances([eth, nameless, native], { endpoint: rpc.url });
    assert.deepEqual(
      results.map((r) => r.status),
      ['wrong-chain', 'bad-response', 'ok'],
    );
    assert.deepEqual(view(results[2]), { raw: 12_345_678n, pending: 124n });
    assert.deepEqual(await cosmosRpcReader.readBalances([], { endpoint: rpc.url }), []);
    assert.deepEqual(await cosmosRpcReader.readBalances([eth], { endpoint: rpc.url }), [
      { request: eth, status: 'wrong-chain', reason: 'the Cosmos RPC reader cannot read chain ethereum' },
    ]);
    assert.equal(rpc.requests.count, 1);
  });
});

describe('loopback CometBFT node', () => {
  test('answers unknown query paths with code 6, and one-call batches with a bare object', async (t) => {
    const rpc = await startLoopbackCometBft(richState());
    t.after(() => rpc.close());
    const response = await fetch(rpc.url, {
      method: 'POST',
      body: JSON.stringify([{ jsonrpc: '2.0', id: 7, method: 'abci_query', params: { path: '/cosmos.nope.v1.Query/X', data: '', height: '0', prove: false } }]),
    });
    const body = (await response.json()) as { id: number; result: { response: Record<string, unknown> } };
    assert.equal(body.id, 7);
    assert.deepEqual({ ...body.result.response, height: undefined }, { code: 6, codespace: 'sdk', log: 'unknown query path', height: undefined });
    // Positional params work too, as on CometBFT; a 64-bit height must be a string.
    const [positional, numeric] = await jsonRpcBatch(rpc.url, [
      { method: 'abci_query', params: [ALL_BALANCES_PATH, Buffer.from(encodeAllBalancesRequest(PROVIDER)).toString('hex'), '0', false] },
      { method: 'abci_query', params: [ALL_BALANCES_PATH, '', 0, false] },
    ]);
    assert.equal(positional.status, 'ok');
    assert.equal(numeric.status, 'bad-response');
  });
});
