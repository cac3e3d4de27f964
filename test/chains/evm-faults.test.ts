import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hex } from 'viem';
import { evmReader } from '../../src/chains/evm-reader.js';
import type { BalanceRequest, BalanceResult, ReadOptions } from '../../src/chains/types.js';
import { freePort, startAnvil, startRpcProxy, type Anvil, type RpcProxy } from '../helpers/anvil.js';
import { placeMulticall, placeToken, setNativeBalance } from '../helpers/contracts/place.js';
import { ETH, IOTX, STORJ, STORJ_ADDRESS, balanceRequest, walletAddress } from '../helpers/contracts/tokens.js';

const WALLETS = [0, 1, 2].map(walletAddress);
const ethAmount = (i: number) => BigInt(i + 1) * 10n ** 18n + 7n;
const storjAmount = (i: number) => BigInt(i) * 100_000_000n + 42n;
const iotxAmount = (i: number) => BigInt(i + 1) * 5n * 10n ** 18n;

const ethRequests = WALLETS.flatMap((w) => [balanceRequest('ethereum', w, ETH), balanceRequest('ethereum', w, STORJ)]);
const iotexRequests = WALLETS.map((w) => balanceRequest('iotex', w, IOTX));

function expected(request: BalanceRequest): bigint {
  const i = WALLETS.indexOf(request.readAddress as Hex);
  return request.token.symbol === 'ETH' ? ethAmount(i) : request.token.symbol === 'STORJ' ? storjAmount(i) : iotxAmount(i);
}

function assertExact(results: BalanceResult[], requests: BalanceRequest[]): void {
  assert.equal(results.length, requests.length);
  results.forEach((result, i) => {
    assert.equal(result.request, requests[i]);
    assert.equal(result.status, 'ok', 'reason' in result ? result.reason : undefined);
    if (result.status === 'ok') assert.equal(result.raw, expected(result.request));
  });
}

/** Every result failed with `status`, and each reason names the host and matches `pattern`. */
function assertAllFailed(results: BalanceResult[], status: string, pattern: RegExp, host: string): void {
  for (const result of results) {
    assert.equal(result.status, status, 'reason' in result ? result.reason : 'ok');
    const reason = 'reason' in result ? result.reason : '';
    assert.match(reason, pattern);
    assert.ok(reason.includes(host), `reason names the host: ${reason}`);
  }
}

let eth: Anvil, iotex: Anvil;
let ethProxy: RpcProxy, iotexProxy: RpcProxy;
let cases = 0;

/** A fresh endpoint per test (the reader remembers per endpoint whether Multicall3 is there). */
function endpointOn(proxy: RpcProxy) {
  const path = `/v3/SECRET-KEY-${++cases}`;
  return {
    url: `${proxy.url}${path}`,
    host: new URL(proxy.url).host,
    secret: path.slice(4),
    requests: () => proxy.requests.filter((r) => r.path === path),
  };
}

async function read(requests: BalanceRequest[], endpoint: ReturnType<typeof endpointOn>, options: Partial<ReadOptions> = {}) {
  const results = await evmReader.readBalances(requests, { endpoint: endpoint.url, retries: 0, ...options });
  for (const result of results) assert.ok(!('reason' in result) || !result.reason.includes(endpoint.secret), 'the URL path stays out of reasons');
  return results;
}

before(async () => {
  [eth, iotex] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 4689 })]);
  [ethProxy, iotexProxy] = await Promise.all([startRpcProxy(eth.url), startRpcProxy(iotex.url)]);
  await placeMulticall(eth);
  await placeToken(eth, STORJ_ADDRESS, { name: 'StorjToken', symbol: 'STORJ', decimals: 8, balances: WALLETS.map((w, i) => [w, storjAmount(i)]) });
  for (const [i, wallet] of WALLETS.entries()) {
    await setNativeBalance(eth, wallet, ethAmount(i));
    await setNativeBalance(iotex, wallet, iotxAmount(i));
  }
});

after(async () => {
  await Promise.all([ethProxy, iotexProxy].map((proxy) => proxy?.stop()));
  await Promise.all([eth, iotex].map((node) => node?.stop()));
});

describe('evmReader under faults', () => {
  test('HTTP 500 once, then the answer: retried, exact balances', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'status', status: 500, body: 'upstream down' });
    assertExact(await read(ethRequests, endpoint, { retries: 2 }), ethRequests);
    assert.deepEqual(
      endpoint.requests().map((r) => r.fault),
      ['status', undefined],
    );
  });

  test('HTTP 429 with Retry-After: 1, then the answer: retried, exact balances', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    assertExact(await read(ethRequests, endpoint, { retries: 1 }), ethRequests);
    assert.deepEqual(
      endpoint.requests().map((r) => r.fault),
      ['status', undefined],
    );
  });

  test('HTTP 429 with no retries left: unreachable, naming the host and not the URL path', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    assertAllFailed(await read(ethRequests, endpoint), 'unreachable', /HTTP 429/, endpoint.host);
    assert.equal(endpoint.requests().length, 1);
  });

  test('connection reset: unreachable without retries, read on a retry', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'reset' });
    assertAllFailed(await read(ethRequests, endpoint), 'unreachable', /./, endpoint.host);
    ethProxy.inject({ kind: 'reset' });
    assertExact(await read(ethRequests, endpoint, { retries: 1 }), ethRequests);
  });

  test('truncated or non-JSON answers are bad responses', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'truncate' });
    assertAllFailed(await read(ethRequests, endpoint), 'bad-response', /malformed JSON/, endpoint.host);
    ethProxy.inject({ kind: 'status', status: 200, body: '<html>maintenance</html>' });
    assertAllFailed(await read(ethRequests, endpoint), 'bad-response', /malformed JSON/, endpoint.host);
  });

  test('an endpoint that never answers times out as unreachable', async () => {
    const endpoint = endpointOn(ethProxy);
    ethProxy.inject({ kind: 'hang' });
    assertAllFailed(await read(ethRequests, endpoint, { timeoutMs: 300 }), 'unreachable', /timed out after 300 ms/, endpoint.host);
  });

  test('an endpoint that refuses batches is a bad response', async () => {
    const endpoint = endpointOn(ethProxy);
    const refusal = { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch requests are not supported' } };
    ethProxy.inject({ kind: 'rewrite', edit: () => refusal });
    assertAllFailed(await read(ethRequests, endpoint), 'bad-response', /rejected the batch: batch requests are not supported/, endpoint.host);
  });

  test('no chain id, no numbers: an eth_chainId error fails every request', async () => {
    const endpoint = endpointOn(ethProxy);
    const edit = (answer: unknown) =>
      (answer as { id: number }[]).map((item) => (item.id === 0 ? { jsonrpc: '2.0', id: 0, error: { code: -32601, message: 'method not found' } } : item));
    ethProxy.inject({ kind: 'rewrite', edit });
    assertAllFailed(await read(ethRequests, endpoint), 'bad-response', /method not found/, endpoint.host);
  });

  test('nothing listening on the endpoint: unreachable', async () => {
    const port = await freePort();
    const endpoint = { url: `http://127.0.0.1:${port}/v3/SECRET-KEY-closed`, host: `127.0.0.1:${port}`, secret: 'SECRET-KEY-closed', requests: () => [] };
    assertAllFailed(await read(iotexRequests, endpoint), 'unreachable', /./, endpoint.host);
  });

  test('plain batch: a failure of the second request fails its reads, tagged', async () => {
    const endpoint = endpointOn(iotexProxy);
    iotexProxy.inject({ kind: 'rewrite', edit: (answer) => answer }, { kind: 'status', status: 503 });
    assertAllFailed(await read(iotexRequests, endpoint), 'unreachable', /HTTP 503/, endpoint.host);
    assert.deepEqual(
      endpoint.requests().map((r) => r.fault),
      ['rewrite', 'status'],
    );
  });

  test('plain batch: a missing answer or a malformed balance fails only its own request', async () => {
    const endpoint = endpointOn(iotexProxy);
    const edit = (answer: unknown) =>
      (answer as { id: number; result?: string }[]).filter((item) => item.id !== 1).map((item) => (item.id === 2 ? { ...item, result: '0xnot-hex' } : item));
    iotexProxy.inject({ kind: 'rewrite', edit: (answer) => answer }, { kind: 'rewrite', edit });
    const results = await read(iotexRequests, endpoint);
    assertExact([results[0]], [iotexRequests[0]]);
    assert.equal(results[1].status, 'bad-response');
    assert.match('reason' in results[1] ? results[1].reason : '', /left a call of the batch unanswered/);
    assert.equal(results[2].status, 'bad-response');
    assert.match('reason' in results[2] ? results[2].reason : '', /eth_getBalance returned something other than a hex quantity/);
  });

  test('Multicall3: a failed aggregate3 call is retried as plain calls in one more request', async () => {
    const endpoint = endpointOn(ethProxy);
    const edit = (answer: unknown) =>
      (answer as { id: number }[]).map((item) => (item.id === 2 ? { jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'out of gas' } } : item));
    ethProxy.inject({ kind: 'rewrite', edit });
    assertExact(await read(ethRequests, endpoint), ethRequests);
    const sent = endpoint.requests();
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1].calls.map((c) => c.method).sort(), [...Array(3).fill('eth_getBalance'), ...Array(4).fill('eth_call')].sort());
  });
});
