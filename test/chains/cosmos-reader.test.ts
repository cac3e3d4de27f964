import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cosmosReader, truncateDecCoin } from '../../src/chains/cosmos-reader.js';
import { DEFAULT_POLICY } from '../../src/net/http-client.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startFaultServer, type FaultServer, type LoopbackOptions, type Route } from '../helpers/fault-server.js';
import { akashAddress, lcdRoutes, startLoopbackLcd, type LcdState } from '../helpers/loopback-lcd.js';

const TIMER_SLACK_MS = 5;
const AKT: TokenSpec = { symbol: 'AKT', chain: 'akash', mint: 'uakt', decimals: 6, coingeckoId: 'akash-network' };
const ACT: TokenSpec = { symbol: 'ACT', chain: 'akash', mint: 'uact', decimals: 6 };
const PROVIDER = akashAddress('provider');
const HOLDER = akashAddress('holder');
const VALOPER_A = akashAddress('validator-a', 'akashvaloper');
const VALOPER_B = akashAddress('validator-b', 'akashvaloper');
const IBC_ATOM = 'ibc/2E5D0AC026AC1AFA65A23023BA4F24BB8DDF94F118EDC0BAD6F625BFC557CDED';

const req = (address: string, token: TokenSpec): BalanceRequest => ({ chain: 'akash', address, readAddress: address, token });
const reasonOf = (r: BalanceResult) => (r.status === 'ok' ? '' : r.reason);
const view = (r: BalanceResult) => (r.status === 'ok' ? { raw: r.raw, pending: r.extra?.pendingRewards } : r.status);
const bankCalls = (server: FaultServer) => server.requests.log.filter((r) => r.url.pathname.includes('/bank/'));

const richState = (): LcdState => ({
  balances: {
    [PROVIDER]: [
      { denom: 'uakt', amount: '12345678' },
      { denom: 'uact', amount: '5000000' },
      { denom: IBC_ATOM, amount: '99' },
    ],
    [HOLDER]: [{ denom: 'uakt', amount: '1000000000000000000000000' }],
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
  },
});

describe('truncateDecCoin', () => {
  test('drops the fraction exactly, toward zero', () => {
    assert.equal(truncateDecCoin('123.456000000000000000'), 123n);
    assert.equal(truncateDecCoin('0.999999999999999999'), 0n);
    assert.equal(truncateDecCoin('42'), 42n);
    assert.equal(truncateDecCoin('123456789012345678901234567890.999999999999999999'), 123456789012345678901234567890n);
  });

  test('rejects what is not a DecCoin amount', () => {
    for (const bad of ['', '-1.5', '1e6', '1.', '.5', '12 ', 'NaN']) assert.equal(truncateDecCoin(bad), undefined, bad);
  });
});

describe('cosmosReader', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  async function lcd(state: LcdState, options: LoopbackOptions = {}) {
    const server = await startLoopbackLcd(state, options);
    servers.push(server);
    return server;
  }

  test('reads uakt and uact balances with pending rewards truncated to base units', async () => {
    const server = await lcd(richState());
    const results = await cosmosReader.readBalances([req(PROVIDER, AKT), req(PROVIDER, ACT), req(HOLDER, AKT), req(HOLDER, ACT)], { endpoint: server.url });
    assert.deepEqual(results.map(view), [
      // 123.456 + 0.999999999999999999 = 124.455999999999999999 uakt pending → 124.
      { raw: 12_345_678n, pending: 124n },
      { raw: 5_000_000n, pending: 7n },
      { raw: 1_000_000_000_000_000_000_000_000n, pending: 0n },
      // HOLDER holds no uact: the LCD lists every non-zero balance, so that is an honest zero.
      { raw: 0n, pending: 0n },
    ]);
    assert.ok(results.every((r) => r.status === 'ok' && r.decimals === 6));
  });

  test('requests scale with addresses, not tokens: one balances and one rewards request each', async () => {
    const addresses = ['a', 'b', 'c'].map((seed) => akashAddress(seed));
    const server = await lcd({ balances: Object.fromEntries(addresses.map((a, i) => [a, [{ denom: 'uakt', amount: String(i + 1) }]])) });
    const requests = addresses.flatMap((a) => [req(a, AKT), req(a, ACT)]);
    const results = await cosmosReader.readBalances(requests, { endpoint: `${server.url}/` });
    assert.deepEqual(
      results.map(view),
      addresses.flatMap((_, i) => [
        { raw: BigInt(i + 1), pending: 0n },
        { raw: 0n, pending: 0n },
      ]),
    );
    assert.equal(server.requests.count, 6);
    assert.equal(bankCalls(server).length, 3);
  });

  test('follows pagination.next_key through every page of balances', async () => {
    const state = richState();
    state.pageSize = 1;
    const server = await lcd(state);
    const [act, akt] = await cosmosReader.readBalances([req(PROVIDER, ACT), req(PROVIDER, AKT)], { endpoint: server.url });
    assert.deepEqual(
      [view(act), view(akt)],
      [
        { raw: 5_000_000n, pending: 7n },
        { raw: 12_345_678n, pending: 124n },
      ],
    );
    const pages = bankCalls(server).map((r) => r.url.searchParams.get('pagination.key'));
    assert.deepEqual(pages, [null, Buffer.from('uact').toString('base64'), Buffer.from('uakt').toString('base64')]);
  });

  test('reads addresses concurrently, up to the endpoint cap', async () => {
    const addresses = Array.from({ length: 10 }, (_, i) => akashAddress(`many-${i}`));
    const server = await lcd({ balances: {} }, { latencyMs: 30 });
    const results = await cosmosReader.readBalances(
      addresses.map((a) => req(a, AKT)),
      { endpoint: server.url },
    );
    assert.ok(results.every((r) => r.status === 'ok'));
    assert.equal(server.requests.count, 20);
    assert.equal(server.requests.maxInFlight, DEFAULT_POLICY.concurrency);
  });

  test('malformed amounts and shapes are bad responses for that address only', async () => {
    const broken = akashAddress('broken');
    const badRewards = akashAddress('bad-rewards');
    const overrides: Route[] = [
      {
        path: `/cosmos/bank/v1beta1/balances/${broken}`,
        handle: () => ({ body: { balances: [{ denom: 'uakt', amount: '12.5' }], pagination: { next_key: null } } }),
      },
      {
        path: `/cosmos/distribution/v1beta1/delegators/${badRewards}/rewards`,
        handle: () => ({ body: { rewards: [], total: [{ denom: 'uakt', amount: 7 }] } }),
      },
    ];
    const server = await startFaultServer([...overrides, ...lcdRoutes(richState())]);
    servers.push(server);
    const results = await cosmosReader.readBalances([req(broken, AKT), req(badRewards, AKT), req(PROVIDER, AKT)], { endpoint: server.url });
    assert.deepEqual(results.map(view), ['bad-response', 'bad-response', { raw: 12_345_678n, pending: 124n }]);
    assert.match(reasonOf(results[0]), /malformed bank balances/);
    assert.match(reasonOf(results[1]), /rewards: malformed distribution rewards/);
  });

  test('an address the LCD rejects is a bad response; another chain is wrong-chain', async () => {
    const server = await lcd(richState());
    const [invalid, other] = await cosmosReader.readBalances([req('akash1invalid', AKT), { ...req(PROVIDER, AKT), chain: 'filecoin' }], {
      endpoint: server.url,
    });
    assert.equal(invalid.status, 'bad-response');
    assert.match(reasonOf(invalid), /HTTP 400/);
    assert.equal(other.status, 'wrong-chain');
    assert.equal(server.requests.count, 2);
  });

  describe('faults', () => {
    const both = [req(PROVIDER, AKT), req(PROVIDER, ACT)];
    const good = [
      { raw: 12_345_678n, pending: 124n },
      { raw: 5_000_000n, pending: 7n },
    ];

    test('an LCD that never answers times out as unreachable', async () => {
      const server = await lcd(richState(), { faults: { rules: [{ fault: { kind: 'hang' } }] } });
      const results = await cosmosReader.readBalances(both, { endpoint: server.url, timeoutMs: 200, retries: 0 });
      assert.deepEqual(results.map(view), ['unreachable', 'unreachable']);
      assert.match(reasonOf(results[0]), /timed out after 200 ms/);
    });

    test('429 with Retry-After is waited out, then read', async () => {
      const server = await lcd(richState(), {
        faults: { rules: [{ when: { path: /\/bank\// }, fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 }] },
      });
      assert.deepEqual((await cosmosReader.readBalances(both, { endpoint: server.url })).map(view), good);
      const [first, second] = bankCalls(server);
      assert.equal(first.fault, 'status');
      assert.ok(second.at - first.at >= 1_000 - TIMER_SLACK_MS, `retried after ${second.at - first.at} ms`);
    });

    test('500 then success', async () => {
      const server = await lcd(richState(), { faults: { rules: [{ when: { path: /\/rewards$/ }, fault: { kind: 'status', status: 500 }, times: 1 }] } });
      assert.deepEqual((await cosmosReader.readBalances(both, { endpoint: server.url })).map(view), good);
      assert.equal(server.requests.count, 3);
    });

    test('a reset connection is unreachable when retries are spent', async () => {
      const server = await lcd(richState(), { faults: { rules: [{ when: { path: /\/bank\// }, fault: { kind: 'reset' } }] } });
      const results = await cosmosReader.readBalances(both, { endpoint: server.url, retries: 0 });
      assert.deepEqual(results.map(view), ['unreachable', 'unreachable']);
    });

    test('truncated JSON is a bad response', async () => {
      const server = await lcd(richState(), { faults: { rules: [{ when: { path: /\/bank\// }, fault: { kind: 'truncate' } }] } });
      const results = await cosmosReader.readBalances(both, { endpoint: server.url });
      assert.deepEqual(results.map(view), ['bad-response', 'bad-response']);
      assert.match(reasonOf(results[0]), /malformed JSON/);
      assert.equal(bankCalls(server).length, 1);
    });

    test('malformed JSON in the rewards is a bad response naming the rewards', async () => {
      const server = await lcd(richState(), { faults: { rules: [{ when: { path: /\/rewards$/ }, fault: { kind: 'malformed' } }] } });
      const results = await cosmosReader.readBalances(both, { endpoint: server.url });
      assert.deepEqual(results.map(view), ['bad-response', 'bad-response']);
      assert.match(reasonOf(results[0]), /^rewards: malformed JSON/);
    });
  });
});
