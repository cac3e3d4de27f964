import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultChainTimeoutMs, readAll } from '../../src/chains/read-all.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from '../../src/chains/types.js';
import type { ChainId, TokenSpec } from '../../src/plugin-api/types.js';
import { arweaveAddress, startLoopbackArweave, type LoopbackArweave } from '../helpers/loopback-arweave.js';
import { akashAddress, startLoopbackLcd, type LoopbackLcd } from '../helpers/loopback-lcd.js';

const AR: TokenSpec = { symbol: 'AR', chain: 'arweave', native: true, decimals: 12 };
const AKT: TokenSpec = { symbol: 'AKT', chain: 'akash', mint: 'uakt', decimals: 6 };
const HNT: TokenSpec = { symbol: 'HNT', chain: 'solana', mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux', decimals: 8 };
const ETH: TokenSpec = { symbol: 'ETH', chain: 'ethereum', native: true, decimals: 18 };

const req = (chain: ChainId, address: string, token: TokenSpec): BalanceRequest => ({ chain, address, readAddress: address, token });

/** A reader that answers from a table and records what it was asked. */
function tableReader(chains: ChainId[], balances: Record<string, bigint>): ChainReader & { calls: { requests: BalanceRequest[]; options: ReadOptions }[] } {
  const calls: { requests: BalanceRequest[]; options: ReadOptions }[] = [];
  return {
    chains,
    calls,
    async readBalances(requests, options) {
      calls.push({ requests, options });
      return requests.map((request): BalanceResult => ({ request, status: 'ok', raw: balances[request.readAddress] ?? 0n, decimals: request.token.decimals }));
    },
  };
}

describe('readAll with the real readers on loopback', () => {
  const ar1 = arweaveAddress('one');
  const ar2 = arweaveAddress('two');
  const akash = akashAddress('provider');
  let arweave: LoopbackArweave;
  let lcd: LoopbackLcd;

  before(async () => {
    arweave = await startLoopbackArweave({ wallets: { [ar1]: 1_500_000_000_000n, [ar2]: 7n } });
    lcd = await startLoopbackLcd({ balances: { [akash]: [{ denom: 'uakt', amount: '42000000' }] } });
  });
  after(async () => {
    await arweave.close();
    await lcd.close();
  });
  beforeEach(() => {
    arweave.setFaults([]);
    arweave.requests.clear();
    lcd.requests.clear();
  });

  test('groups by chain, reads every chain, and answers in request order', async () => {
    const requests = [req('arweave', ar1, AR), req('akash', akash, AKT), req('arweave', ar2, AR)];
    const started: string[] = [];
    const done: [string, number][] = [];
    const results = await readAll(
      requests,
      { arweave: arweave.url, akash: lcd.url },
      {
        timeoutMs: 5_000,
        retries: 0,
        onChainStart: (chain, list) => started.push(`${chain}:${list.length}`),
        onChainDone: (chain, list) => done.push([chain, list.length]),
      },
    );
    assert.deepEqual(
      results.map((r) => r.request),
      requests,
    );
    assert.deepEqual(
      results.map((r) => (r.status === 'ok' ? r.raw : r.reason)),
      [1_500_000_000_000n, 42_000_000n, 7n],
    );
    assert.deepEqual(started.sort(), ['akash:1', 'arweave:2']);
    assert.deepEqual(done.sort(), [
      ['akash', 1],
      ['arweave', 2],
    ]);
    assert.equal(arweave.requests.count, 2);
  });

  test('a chain that hangs is cut off at its deadline while the others finish', async () => {
    arweave.setFaults({ rules: [{ fault: { kind: 'hang' } }] });
    const order: string[] = [];
    const results = await readAll(
      [req('arweave', ar1, AR), req('akash', akash, AKT)],
      { arweave: arweave.url, akash: lcd.url },
      {
        timeoutMs: 60_000,
        retries: 0,
        chainTimeoutMs: 300,
        onChainDone: (chain) => order.push(chain),
      },
    );
    assert.deepEqual(order, ['akash', 'arweave'], 'the answering chain is not held up by the hanging one');
    const [ar, akt] = results;
    assert.equal(akt.status, 'ok');
    assert.equal(ar.status, 'unreachable');
    assert.match(ar.status === 'unreachable' ? ar.reason : '', /no complete answer from arweave within 0\.3 s/);
  });
});

describe('readAll with injected readers', () => {
  test('each reader gets only its chain, in one call, with the timeout, retries and endpoint', async () => {
    const solana = tableReader(['solana'], { a: 5n, b: 6n });
    const evm = tableReader(['ethereum'], { '0x1': 9n });
    const requests = [req('solana', 'a', HNT), req('ethereum', '0x1', ETH), req('solana', 'b', HNT)];
    const results = await readAll(
      requests,
      { solana: 'http://127.0.0.1:1/sol', ethereum: 'http://127.0.0.1:1/eth' },
      { timeoutMs: 1234, retries: 2, readers: { solana, ethereum: evm } },
    );
    assert.equal(solana.calls.length, 1);
    assert.deepEqual(
      solana.calls[0].requests.map((r) => r.address),
      ['a', 'b'],
    );
    assert.equal(solana.calls[0].options.endpoint, 'http://127.0.0.1:1/sol');
    assert.equal(solana.calls[0].options.timeoutMs, 1234);
    assert.equal(solana.calls[0].options.retries, 2);
    assert.ok(solana.calls[0].options.signal instanceof AbortSignal);
    assert.equal(evm.calls.length, 1);
    assert.deepEqual(
      results.map((r) => (r.status === 'ok' ? r.raw : -1n)),
      [5n, 9n, 6n],
    );
  });

  test('a reader that throws, or leaves a request out, does not sink the others', async () => {
    const throwing: ChainReader = {
      chains: ['solana'],
      async readBalances() {
        throw new Error('boom');
      },
    };
    const forgetful: ChainReader = {
      chains: ['ethereum'],
      async readBalances(requests) {
        // Answers with copies (not the same objects) and forgets the second request.
        return [{ request: { ...requests[0] }, status: 'ok', raw: 3n, decimals: 18 }];
      },
    };
    const arweave = tableReader(['arweave'], { x: 1n });
    const requests = [req('solana', 'a', HNT), req('ethereum', '0x1', ETH), req('ethereum', '0x2', ETH), req('arweave', 'x', AR)];
    const results = await readAll(
      requests,
      { solana: 'http://s', ethereum: 'http://e', arweave: 'http://a' },
      { timeoutMs: 1000, retries: 0, readers: { solana: throwing, ethereum: forgetful, arweave } },
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.status === 'ok' ? r.raw : r.reason]),
      [
        ['unreachable', 'the solana reader failed: boom'],
        ['ok', 3n],
        ['bad-response', 'the ethereum reader returned no result for this balance'],
        ['ok', 1n],
      ],
    );
    assert.equal(results[1].request, requests[1], "results carry the caller's request objects");
  });

  test("the deadline aborts the reader's signal", async () => {
    let seen: AbortSignal | undefined;
    const hanging: ChainReader = {
      chains: ['solana'],
      readBalances(_requests, options) {
        seen = options.signal;
        return new Promise(() => {});
      },
    };
    const [result] = await readAll(
      [req('solana', 'a', HNT)],
      { solana: 'http://s' },
      { timeoutMs: 1000, retries: 0, chainTimeoutMs: 50, readers: { solana: hanging } },
    );
    assert.equal(result.status, 'unreachable');
    assert.equal(seen?.aborted, true);
  });

  test('a chain without an endpoint is unreachable and names the config key; its reader is never called', async () => {
    const solana = tableReader(['solana'], {});
    const [result] = await readAll([req('solana', 'a', HNT)], {}, { timeoutMs: 1000, retries: 0, readers: { solana } });
    assert.equal(result.status, 'unreachable');
    assert.match(result.status === 'unreachable' ? result.reason : '', /rpc\.solana/);
    assert.equal(solana.calls.length, 0);
  });

  test('cancelling stops every chain', async () => {
    const controller = new AbortController();
    const hanging: ChainReader = { chains: ['solana'], readBalances: () => new Promise(() => {}) };
    const pending = readAll(
      [req('solana', 'a', HNT)],
      { solana: 'http://s' },
      { timeoutMs: 1000, retries: 0, readers: { solana: hanging }, signal: controller.signal },
    );
    controller.abort();
    const [result] = await pending;
    assert.deepEqual([result.status, result.status === 'unreachable' && result.reason], ['unreachable', 'cancelled']);
  });

  test('no requests, no reads', async () => {
    assert.deepEqual(await readAll([], {}, { timeoutMs: 1, retries: 0 }), []);
  });

  test('the default deadline covers every attempt and the backoff between them', () => {
    assert.ok(defaultChainTimeoutMs(10_000, 3) > 4 * 10_000);
    assert.ok(defaultChainTimeoutMs(1_000, 0) >= 1_000);
  });
});
