import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { arweaveReader } from '../../src/chains/arweave-reader.js';
import { DEFAULT_POLICY, httpJson } from '../../src/net/http-client.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import { formatUnits } from '../../src/core/amount.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startFaultServer, type FaultServer, type LoopbackOptions } from '../helpers/fault-server.js';
import { arweaveAddress, arweaveRoutes, startLoopbackArweave, type ArweaveState } from '../helpers/loopback-arweave.js';

const TIMER_SLACK_MS = 5;
const AR: TokenSpec = { symbol: 'AR', chain: 'arweave', native: true, decimals: 12, coingeckoId: 'arweave' };
const MINER = arweaveAddress('miner');
const SAVER = arweaveAddress('saver');
const req = (address: string): BalanceRequest => ({ chain: 'arweave', address, readAddress: address, token: AR });
const view = (r: BalanceResult) => (r.status === 'ok' ? r.raw : r.status);
const reasonOf = (r: BalanceResult) => (r.status === 'ok' ? '' : r.reason);
const state = (): ArweaveState => ({ wallets: { [MINER]: 1_249_611_338_095_239n, [SAVER]: 10n ** 30n + 1n } });

describe('arweaveReader', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  async function gateway(options: LoopbackOptions = {}) {
    const server = await startLoopbackArweave(state(), options);
    servers.push(server);
    return server;
  }

  test('reads exact winston balances (12 decimals); an unknown wallet holds 0', async () => {
    const server = await gateway();
    const results = await arweaveReader.readBalances([req(MINER), req(SAVER), req(arweaveAddress('empty'))], { endpoint: server.url });
    assert.deepEqual(results.map(view), [1_249_611_338_095_239n, 10n ** 30n + 1n, 0n]);
    assert.ok(results.every((r) => r.status === 'ok' && r.decimals === 12));
    assert.equal(results[0].status === 'ok' && formatUnits(results[0].raw, 12), '1249.611338095239');
    assert.deepEqual(
      server.requests.log.map((r) => r.path).sort(),
      [`/wallet/${arweaveAddress('empty')}/balance`, `/wallet/${MINER}/balance`, `/wallet/${SAVER}/balance`].sort(),
    );
  });

  test('asks once per distinct address, concurrently under the endpoint cap', async () => {
    const addresses = Array.from({ length: 10 }, (_, i) => arweaveAddress(`w${i}`));
    // Long enough that every request of the first wave is in flight together on a busy machine.
    const server = await gateway({ latencyMs: 250 });
    const results = await arweaveReader.readBalances([...addresses, ...addresses].map(req), { endpoint: `${server.url}/` });
    assert.ok(results.every((r) => r.status === 'ok' && r.raw === 0n));
    assert.equal(server.requests.count, 10);
    assert.equal(server.requests.maxInFlight, DEFAULT_POLICY.concurrency);
  });

  test('a body that is not a whole winston number is a bad response', async () => {
    const odd = arweaveAddress('odd');
    const server = await startFaultServer([{ path: `/wallet/${odd}/balance`, handle: () => ({ body: '1.5' }) }, ...arweaveRoutes(state())]);
    servers.push(server);
    const [bad, good] = await arweaveReader.readBalances([req(odd), req(MINER)], { endpoint: server.url });
    assert.equal(bad.status, 'bad-response');
    assert.match(reasonOf(bad), /expected a winston integer, got "1.5"/);
    assert.equal(view(good), 1_249_611_338_095_239n);
  });

  test('an address the gateway rejects is a bad response; another chain is wrong-chain', async () => {
    const server = await gateway();
    const [invalid, other] = await arweaveReader.readBalances([req('not-43-chars'), { ...req(MINER), chain: 'akash' }], { endpoint: server.url });
    assert.equal(invalid.status, 'bad-response');
    assert.match(reasonOf(invalid), /HTTP 400: Invalid address/);
    assert.equal(other.status, 'wrong-chain');
    assert.equal(server.requests.count, 1);
  });

  test('the loopback node answers /info with the documented fields', async () => {
    const server = await gateway();
    const info = await httpJson(`${server.url}/info`);
    assert.ok(info.ok);
    assert.deepEqual(Object.keys(info.value as object).slice(0, 7), ['network', 'version', 'release', 'height', 'current', 'blocks', 'peers']);
  });

  describe('faults', () => {
    test('a gateway that never answers times out as unreachable', async () => {
      const server = await gateway({ faults: { rules: [{ fault: { kind: 'hang' } }] } });
      const [result] = await arweaveReader.readBalances([req(MINER)], { endpoint: server.url, timeoutMs: 200, retries: 0 });
      assert.equal(result.status, 'unreachable');
      assert.match(reasonOf(result), /timed out after 200 ms/);
    });

    test('429 with Retry-After is waited out, then read', async () => {
      const server = await gateway({ faults: [{ kind: 'status', status: 429, retryAfter: '1' }] });
      assert.deepEqual((await arweaveReader.readBalances([req(MINER)], { endpoint: server.url })).map(view), [1_249_611_338_095_239n]);
      const [first, second] = server.requests.log;
      assert.equal(server.requests.count, 2);
      assert.ok(second.at - first.at >= 1_000 - TIMER_SLACK_MS, `retried after ${second.at - first.at} ms`);
    });

    test('500 then success', async () => {
      const server = await gateway({ faults: [{ kind: 'status', status: 500 }] });
      assert.deepEqual((await arweaveReader.readBalances([req(MINER)], { endpoint: server.url })).map(view), [1_249_611_338_095_239n]);
      assert.equal(server.requests.count, 2);
    });

    test('a reset connection is unreachable when retries are spent', async () => {
      const server = await gateway({ faults: { rules: [{ fault: { kind: 'reset' } }] } });
      const [result] = await arweaveReader.readBalances([req(MINER)], { endpoint: server.url, retries: 0 });
      assert.equal(result.status, 'unreachable');
    });

    test('a body cut short of its declared length is unreachable, and read on retry', async () => {
      // Half of a plain-text number is still a number, so a cut body is only detectable by its length.
      const server = await gateway({ faults: { rules: [{ fault: { kind: 'truncate', cut: true }, times: 1 }] } });
      const [cut] = await arweaveReader.readBalances([req(MINER)], { endpoint: server.url, retries: 0 });
      assert.equal(cut.status, 'unreachable');
      server.setFaults([{ kind: 'truncate', cut: true }]);
      assert.deepEqual((await arweaveReader.readBalances([req(MINER)], { endpoint: server.url, retries: 1 })).map(view), [1_249_611_338_095_239n]);
      assert.equal(server.requests.count, 3);
    });

    test('a malformed body is a bad response, not retried', async () => {
      const server = await gateway({ faults: [{ kind: 'malformed' }] });
      const [result] = await arweaveReader.readBalances([req(MINER)], { endpoint: server.url });
      assert.equal(result.status, 'bad-response');
      assert.equal(server.requests.count, 1);
    });
  });
});
