import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeFunctionData, erc20Abi, numberToHex, type Hex } from 'viem';
import { evmReader } from '../../src/chains/evm-reader.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startAnvil, startRpcProxy, type Anvil, type RpcProxy } from '../helpers/anvil.js';
import { MULTICALL3, placeContract, placeMulticall, placeToken, setNativeBalance, setTokenBalance } from '../helpers/contracts/place.js';
import { ETH, IOTX, PEAQ, RNDR, RNDR_ADDRESS, STORJ, STORJ_ADDRESS, balanceRequest, walletAddress } from '../helpers/contracts/tokens.js';

const WALLETS = Array.from({ length: 100 }, (_, i) => walletAddress(i));
const MAX_UINT256 = (1n << 256n) - 1n;
/** A token that exists only on the test IoTeX chain, to read ERC-20s where Multicall3 is absent. */
const IOTEX_TOKEN: TokenSpec = { symbol: 'TST', chain: 'iotex', mint: walletAddress(1000), decimals: 6 };
const REVERTING = walletAddress(1001);
const NO_CODE = walletAddress(1002);

/** The balances placed on the test chains: distinct per wallet, with zeros and a uint256 maximum. */
function amount(symbol: string, i: number): bigint {
  switch (symbol) {
    case 'ETH':
      return 10n ** 18n * BigInt(i) + BigInt(i) * 1_000_003n;
    case 'STORJ':
      return i === 5 ? MAX_UINT256 : BigInt(i) * 12_345_678_901n;
    case 'RNDR':
      return i === 3 ? 0n : BigInt(i) * 10n ** 18n + 17n;
    case 'IOTX':
      return 4n * 10n ** 21n + BigInt(i) * 999n;
    case 'PEAQ':
      return BigInt(i) * 3n * 10n ** 17n;
    case 'TST':
      return BigInt(i) * 1_000_000n + 1n;
  }
  throw new Error(`no amounts for ${symbol}`);
}

function requestsFor(chain: BalanceRequest['chain'], tokens: TokenSpec[], count: number): BalanceRequest[] {
  return WALLETS.slice(0, count).flatMap((wallet) => tokens.map((token) => balanceRequest(chain, wallet, token)));
}

function assertExact(results: BalanceResult[], requests: BalanceRequest[]): void {
  assert.equal(results.length, requests.length);
  results.forEach((result, i) => {
    assert.equal(result.request, requests[i]);
    assert.equal(result.status, 'ok', 'reason' in result ? result.reason : undefined);
    if (result.status !== 'ok') return;
    const index = WALLETS.indexOf(result.request.readAddress as Hex);
    assert.equal(result.raw, amount(result.request.token.symbol, index), `${result.request.token.symbol} of wallet ${index}`);
    assert.equal(result.decimals, result.request.token.decimals);
  });
}

let eth: Anvil, iotex: Anvil, peaq: Anvil;
let ethProxy: RpcProxy, iotexProxy: RpcProxy, peaqProxy: RpcProxy;
let cases = 0;

/** A fresh endpoint path on a proxy, so each test counts only its own requests. */
function endpointOn(proxy: RpcProxy) {
  const path = `/case-${++cases}`;
  return { url: `${proxy.url}${path}`, requests: () => proxy.requests.filter((r) => r.path === path) };
}

before(async () => {
  [eth, iotex, peaq] = await Promise.all([startAnvil({ chainId: 1 }), startAnvil({ chainId: 4689 }), startAnvil({ chainId: 3338 })]);
  [ethProxy, iotexProxy, peaqProxy] = await Promise.all([eth, iotex, peaq].map((node) => startRpcProxy(node.url)));
  await placeMulticall(eth);
  const holdings = (symbol: string) => WALLETS.map((w, i): [Hex, bigint] => [w, amount(symbol, i)]);
  await placeToken(eth, STORJ_ADDRESS, { name: 'StorjToken', symbol: 'STORJ', decimals: 8, balances: holdings('STORJ') });
  await placeToken(eth, RNDR_ADDRESS, { name: 'Render Token', symbol: 'RNDR', decimals: 18, balances: holdings('RNDR') });
  await placeToken(iotex, IOTEX_TOKEN.mint as Hex, { name: 'Test', symbol: 'TST', decimals: 6, balances: holdings('TST') });
  for (const node of [eth, iotex]) await placeContract(node, REVERTING, 'AlwaysReverts');
  for (const [i, wallet] of WALLETS.entries()) {
    await setNativeBalance(eth, wallet, amount('ETH', i));
    await setNativeBalance(iotex, wallet, amount('IOTX', i));
    await setNativeBalance(peaq, wallet, amount('PEAQ', i));
  }
});

after(async () => {
  await Promise.all([ethProxy, iotexProxy, peaqProxy].map((proxy) => proxy?.stop()));
  await Promise.all([eth, iotex, peaq].map((node) => node?.stop()));
});

describe('evmReader on anvil', () => {
  test('reads ETH, STORJ and RNDR exactly through Multicall3 in one HTTP request', async () => {
    const endpoint = endpointOn(ethProxy);
    const requests = requestsFor('ethereum', [ETH, STORJ, RNDR], 6);
    assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
    const sent = endpoint.requests();
    assert.equal(sent.length, 1);
    assert.deepEqual(
      sent[0].calls.map((c) => c.method),
      ['eth_chainId', 'eth_getCode', 'eth_call'],
    );
    assert.equal((sent[0].calls[2].params[0] as { to: string }).to, MULTICALL3);
  });

  for (const [name, chain, token, proxy] of [
    ['iotex', 'iotex', IOTX, () => iotexProxy],
    ['peaq', 'peaq', PEAQ, () => peaqProxy],
  ] as const) {
    test(`reads ${name} native balances with one plain batch where Multicall3 is absent, and remembers it`, async () => {
      const endpoint = endpointOn(proxy());
      const requests = requestsFor(chain, [token], 6);
      assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
      const first = endpoint.requests();
      assert.equal(first.length, 2);
      assert.deepEqual(
        first[1].calls.map((c) => c.method),
        Array(6).fill('eth_getBalance'),
      );

      assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
      const again = endpoint.requests().slice(2);
      assert.equal(again.length, 1);
      assert.deepEqual(
        again[0].calls.map((c) => c.method),
        ['eth_chainId', 'eth_getCode', ...Array(6).fill('eth_getBalance')],
      );
    });
  }

  test('reads ERC-20 balances with plain eth_call where Multicall3 is absent, decimals() checked once per token', async () => {
    const endpoint = endpointOn(iotexProxy);
    const requests = requestsFor('iotex', [IOTEX_TOKEN, IOTX], 4);
    assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
    const plain = endpoint.requests()[1].calls;
    assert.equal(plain.filter((c) => c.method === 'eth_call').length, 5);
    assert.equal(plain.filter((c) => c.method === 'eth_getBalance').length, 4);
  });

  test('100 wallets: HTTP requests per chain stay within 3 and do not grow with the wallets', async (t) => {
    const counts: Record<string, number> = {};
    for (const [chain, tokens, proxy] of [
      ['ethereum', [ETH, STORJ, RNDR], ethProxy],
      ['iotex', [IOTX, IOTEX_TOKEN], iotexProxy],
      ['peaq', [PEAQ], peaqProxy],
    ] as const) {
      for (const wallets of [1, 100]) {
        const endpoint = endpointOn(proxy);
        const requests = requestsFor(chain, [...tokens], wallets);
        assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
        counts[`${chain} ×${wallets}`] = endpoint.requests().length;
      }
      assert.ok(counts[`${chain} ×100`] <= 3, `${chain}: ${counts[`${chain} ×100`]} requests`);
      assert.equal(counts[`${chain} ×100`], counts[`${chain} ×1`]);
    }
    t.diagnostic(`HTTP requests per read: ${JSON.stringify(counts)}`);
    assert.deepEqual(counts, { 'ethereum ×1': 1, 'ethereum ×100': 1, 'iotex ×1': 2, 'iotex ×100': 2, 'peaq ×1': 2, 'peaq ×100': 2 });
  });

  test('300 reads through Multicall3 are split into several aggregate3 calls inside the one request', async () => {
    const endpoint = endpointOn(ethProxy);
    const requests = requestsFor('ethereum', [ETH, STORJ, RNDR], 100);
    assertExact(await evmReader.readBalances(requests, { endpoint: endpoint.url }), requests);
    const [only] = endpoint.requests();
    const aggregates = only.calls.filter((c) => c.method === 'eth_call');
    assert.ok(aggregates.length >= 2, `${aggregates.length} aggregate3 calls`);
    assert.ok(aggregates.every((c) => (c.params[0] as { to: string }).to === MULTICALL3));
  });

  test('an endpoint on another chain gives wrong-chain for the requests that expected a different chain', async () => {
    const endpoint = endpointOn(ethProxy);
    const requests = [...requestsFor('iotex', [IOTX], 3), ...requestsFor('ethereum', [ETH], 2)];
    const results = await evmReader.readBalances(requests, { endpoint: endpoint.url });
    for (const result of results.slice(0, 3)) {
      assert.equal(result.status, 'wrong-chain');
      assert.match('reason' in result ? result.reason : '', /chain id 1, expected 4689 \(iotex\)/);
    }
    assertExact(results.slice(3), requests.slice(3));
  });

  for (const [path, chain, proxy] of [
    ['Multicall3', 'ethereum', () => ethProxy],
    ['plain batch', 'iotex', () => iotexProxy],
  ] as const) {
    test(`${path}: a reverting token or an address without code fails only its own requests`, async () => {
      const endpoint = endpointOn(proxy());
      const good = chain === 'ethereum' ? STORJ : IOTEX_TOKEN;
      const requests = [
        balanceRequest(chain, WALLETS[1], good),
        balanceRequest(chain, WALLETS[1], { symbol: 'BAD', chain, mint: REVERTING, decimals: 18 }),
        balanceRequest(chain, WALLETS[2], { symbol: 'GONE', chain, mint: NO_CODE, decimals: 18 }),
        balanceRequest(chain, WALLETS[2], good),
      ];
      const results = await evmReader.readBalances(requests, { endpoint: endpoint.url });
      assertExact([results[0], results[3]], [requests[0], requests[3]]);
      assert.equal(results[1].status, 'bad-response');
      assert.match('reason' in results[1] ? results[1].reason : '', /balanceOf\(\) of token 0x\w+ (reverted|failed: execution reverted)/);
      assert.equal(results[2].status, 'bad-response');
      assert.match('reason' in results[2] ? results[2].reason : '', /returned no data \(no contract/);
    });
  }

  test('a token whose decimals() contradicts its spec is a bad response, not a number', async () => {
    const endpoint = endpointOn(ethProxy);
    const requests = [balanceRequest('ethereum', WALLETS[4], { ...STORJ, decimals: 18 }), balanceRequest('ethereum', WALLETS[4], RNDR)];
    const results = await evmReader.readBalances(requests, { endpoint: endpoint.url });
    assert.equal(results[0].status, 'bad-response');
    assert.match('reason' in results[0] ? results[0].reason : '', /decimals\(\) of STORJ at 0x\w+ is 8, expected 18/);
    assertExact([results[1]], [requests[1]]);
  });

  test('code at the Multicall3 address that is not Multicall3 falls back to one plain batch', async (t) => {
    const node = await startAnvil({ chainId: 3338 });
    const proxy = await startRpcProxy(node.url);
    t.after(async () => {
      await proxy.stop();
      await node.stop();
    });
    await placeContract(node, MULTICALL3, 'AlwaysReverts');
    for (const i of [0, 1, 2]) await setNativeBalance(node, WALLETS[i], amount('PEAQ', i));
    const requests = requestsFor('peaq', [PEAQ], 3);
    assertExact(await evmReader.readBalances(requests, { endpoint: proxy.url }), requests);
    assert.equal(proxy.requests.length, 2);
    assert.deepEqual(
      proxy.requests[1].calls.map((c) => c.method),
      Array(3).fill('eth_getBalance'),
    );
  });

  test('requests that cannot be read are answered without touching the endpoint', async () => {
    const endpoint = endpointOn(ethProxy);
    const requests: BalanceRequest[] = [
      { chain: 'solana', address: 'x', readAddress: 'x', token: { symbol: 'SOL', chain: 'solana', native: true, decimals: 9 } },
      { chain: 'iotex', address: 'io1abc', readAddress: 'io1abc', token: IOTX },
      balanceRequest('ethereum', WALLETS[0], { symbol: 'NOPE', chain: 'ethereum', decimals: 18 }),
    ];
    const results = await evmReader.readBalances(requests, { endpoint: endpoint.url });
    assert.deepEqual(
      results.map((r) => r.status),
      ['bad-response', 'bad-response', 'bad-response'],
    );
    assert.match('reason' in results[1] ? results[1].reason : '', /"io1abc" is not a 0x address/);
    assert.deepEqual(await evmReader.readBalances([], { endpoint: endpoint.url }), []);
    assert.equal(endpoint.requests().length, 0);
  });

  test('a transfer made with the test token shows up in the next read', async () => {
    const [from, to] = [WALLETS[7], WALLETS[8]];
    const moved = 2_000_000_000n;
    await eth.rpc('anvil_impersonateAccount', [from]);
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, moved] });
    const hash = await eth.rpc<Hex>('eth_sendTransaction', [{ from, to: STORJ_ADDRESS, data, gas: numberToHex(100_000) }]);
    // Automine answers before the receipt is indexed on a loaded machine: wait for it (bounded).
    let receipt: { status: Hex } | null = null;
    for (let i = 0; i < 100 && !receipt; i++) {
      receipt = await eth.rpc<{ status: Hex } | null>('eth_getTransactionReceipt', [hash]);
      if (!receipt) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(receipt, 'the transfer was never mined');
    assert.equal(receipt.status, '0x1');
    await eth.rpc('anvil_stopImpersonatingAccount', [from]);
    const endpoint = endpointOn(ethProxy);
    const results = await evmReader.readBalances([balanceRequest('ethereum', from, STORJ), balanceRequest('ethereum', to, STORJ)], { endpoint: endpoint.url });
    assert.deepEqual(
      results.map((r) => (r.status === 'ok' ? r.raw : r.reason)),
      [amount('STORJ', 7) - moved, amount('STORJ', 8) + moved],
    );
    // Put the state back so that the order of tests does not matter (gas came out of `from` too).
    await setTokenBalance(eth, STORJ_ADDRESS, from, amount('STORJ', 7));
    await setTokenBalance(eth, STORJ_ADDRESS, to, amount('STORJ', 8));
    await setNativeBalance(eth, from, amount('ETH', 7));
  });
});
