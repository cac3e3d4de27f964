import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Keypair } from '@solana/web3.js';
import { solanaReader, type SolanaReadOptions } from '../../src/chains/solana-reader.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { chainWithMints, useTempHome } from '../helpers/solana-fixtures.js';

describe('solana reader on a misbehaving endpoint', () => {
  let rpc: LitesvmRpc;
  let requests: BalanceRequest[];
  let restoreHome: () => void;
  const owner = Keypair.generate().publicKey.toBase58();

  const read = (options: Partial<SolanaReadOptions> = {}): Promise<BalanceResult[]> =>
    solanaReader.readBalances(requests, { endpoint: rpc.url, timeoutMs: 2_000, retries: 0, ...options });
  const statuses = (results: BalanceResult[]) => results.map((r) => r.status);
  const reasons = (results: BalanceResult[]) => results.map((r) => (r.status === 'ok' ? `ok ${r.raw}` : r.reason));
  const assertRead = (results: BalanceResult[]) => assert.deepEqual(reasons(results), ['ok 4200000000', 'ok 1']);
  const hostPattern = () => new RegExp(`^${new URL(rpc.url).host.replace(/\./g, '\\.')}: `);

  before(async () => {
    restoreHome = useTempHome();
    const { chain, tokens } = chainWithMints();
    chain.fund([
      { owner, mint: tokens.RENDER.mint!, amount: 4_200_000_000n },
      { owner, mint: tokens.IO.mint!, amount: 1n },
    ]);
    requests = [tokens.RENDER, tokens.IO].map((token) => ({ chain: 'solana', address: owner, readAddress: owner, token }));
    rpc = await startLitesvmRpc(chain.svm);
  });
  beforeEach(() => rpc.resetCounts());
  afterEach(() => {
    rpc.failCalls(undefined);
    rpc.rejectBatches(false);
  });
  after(async () => {
    await rpc.close();
    restoreHome();
  });

  it('retries after a 500 and then reads', async () => {
    rpc.injectFaults({ kind: 'status', status: 500 });
    assertRead(await read({ retries: 1 }));
    assert.equal(rpc.counts.httpRequests, 2);
  });

  it('waits out a 429 with Retry-After: 1, then reads', async () => {
    rpc.injectFaults({ kind: 'status', status: 429, retryAfter: '1' });
    assertRead(await read({ retries: 1 }));
    assert.equal(rpc.counts.httpRequests, 2);
  });

  it('reports rate limiting when out of retries, naming the host and never the path or query', async () => {
    rpc.injectFaults({ kind: 'status', status: 429, retryAfter: '1' });
    const results = await read({ endpoint: `${rpc.url}v2/SECRET-KEY?api-key=SECRET-KEY` });
    assert.deepEqual(statuses(results), ['unreachable', 'unreachable']);
    for (const reason of reasons(results)) {
      assert.match(reason, hostPattern());
      assert.match(reason, /rate limited \(HTTP 429\)/);
      assert.doesNotMatch(reason, /SECRET|api-key|v2/);
    }
  });

  it('gives up after its retries on a persistent 500', async () => {
    rpc.injectFaults(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500 })));
    const results = await read({ retries: 2 });
    assert.deepEqual(statuses(results), ['unreachable', 'unreachable']);
    assert.match(reasons(results)[0], /server error \(HTTP 500\) \(after 3 attempts\)$/);
    assert.equal(rpc.counts.httpRequests, 3);
  });

  it('takes a 401 as a bad response, not worth retrying', async () => {
    rpc.injectFaults({ kind: 'status', status: 401 });
    const results = await read({ retries: 2 });
    assert.deepEqual(statuses(results), ['bad-response', 'bad-response']);
    assert.match(reasons(results)[0], /HTTP 401/);
    assert.equal(rpc.counts.httpRequests, 1);
  });

  it('tags a body that is not JSON, and JSON cut short in a complete response, as bad responses', async () => {
    for (const kind of ['malformed', 'cut-json'] as const) {
      rpc.injectFaults({ kind });
      const results = await read();
      assert.deepEqual(statuses(results), ['bad-response', 'bad-response'], kind);
      assert.match(reasons(results)[0], /malformed JSON \(\d+ bytes\)$/);
      assert.match(reasons(results)[0], hostPattern());
    }
  });

  it('tags a body cut off by a closed connection and a reset connection as unreachable; a retry reads', async () => {
    for (const kind of ['truncated', 'reset'] as const) {
      rpc.injectFaults({ kind });
      const results = await read();
      assert.deepEqual(statuses(results), ['unreachable', 'unreachable'], kind);
      assert.match(reasons(results)[0], hostPattern());
      rpc.injectFaults({ kind });
      assertRead(await read({ retries: 1 }));
    }
  });

  it('times out on an endpoint that never answers', async () => {
    rpc.injectFaults({ kind: 'hang' });
    const results = await read({ timeoutMs: 300 });
    assert.deepEqual(statuses(results), ['unreachable', 'unreachable']);
    assert.match(reasons(results)[0], /timed out after 300 ms$/);
  });

  it('turns JSON-RPC error objects into tagged results: transient codes unreachable, others bad responses', async () => {
    rpc.failCalls(() => ({ code: -32602, message: 'Invalid param: WrongSize' }));
    const bad = await read();
    assert.deepEqual(statuses(bad), ['bad-response', 'bad-response']);
    assert.match(reasons(bad)[0], /: RPC error -32602: Invalid param: WrongSize$/);
    rpc.failCalls(() => ({ code: -32005, message: 'Node is unhealthy' }));
    assert.deepEqual(statuses(await read()), ['unreachable', 'unreachable']);
  });

  it('falls back to one call per request on an endpoint that refuses batches', async () => {
    rpc.rejectBatches(true);
    assertRead(await read());
    // The refused batch, then its one getMultipleAccounts call (2 mints + 4 derived accounts) alone.
    assert.equal(rpc.counts.httpRequests, 2);
    assert.deepEqual(rpc.counts.methods, { getMultipleAccounts: 1 });
  });

  it('tags a closed port, a malformed endpoint and a cancelled read as unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    assert.deepEqual(statuses(await read({ endpoint: `http://127.0.0.1:${port}/` })), ['unreachable', 'unreachable']);
    const malformed = await read({ endpoint: 'api.mainnet-beta.solana.com' });
    assert.deepEqual(reasons(malformed), ['the Solana endpoint is not an http(s) URL', 'the Solana endpoint is not an http(s) URL']);
    assert.deepEqual(statuses(await read({ signal: AbortSignal.abort() })), ['unreachable', 'unreachable']);
    assert.equal(rpc.counts.httpRequests, 0);
  });
});
