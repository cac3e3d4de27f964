import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_POLICY } from '../../src/net/http-client.js';
import { hostFetchJson } from '../../src/net/fetch-json.js';
import type { ChainId, RewardContext, RewardReading, Tagged } from '../../src/plugin-api/index.js';
import { centsToUsd, createStorjPayoutSource, monthOf, rewardSources as storjSources } from '../../plugins/storj/rewards.js';
import { heliumRewardsSource, rewardSources as heliumSources } from '../../plugins/helium/rewards.js';
import { filecoinMinerSource, rewardSources as filecoinSources } from '../../plugins/filecoin/rewards.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../helpers/fault-server.js';

const policy = { ...DEFAULT_POLICY, retries: 0, timeoutMs: 5_000 };

/** A reward context as the host gives one: config lookup, wallets, and JSON through the HTTP client. */
function context(config: Record<string, string>, wallets: { address: string; chain: ChainId }[] = []): RewardContext & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    config: (key) => config[key],
    wallets,
    // The same capability the host gives plugins in `depin earnings`.
    fetchJson: hostFetchJson(policy),
    log: { debug() {}, info() {}, warn: (m) => warnings.push(m) },
  };
}

const values = (result: Tagged<RewardReading[]>): RewardReading[] => {
  assert.equal(result.status, 'ok', JSON.stringify(result));
  return result.status === 'ok' ? result.value : [];
};

test('each plugin exports its sources as rewardSources', () => {
  assert.deepEqual(
    storjSources.map((s) => s.id),
    ['storj-estimated-payout'],
  );
  assert.deepEqual(
    heliumSources.map((s) => s.id),
    ['helium-oracle-rewards'],
  );
  assert.deepEqual(
    filecoinSources.map((s) => s.id),
    ['filecoin-miner-available'],
  );
});

describe('storj estimated payout', () => {
  let server: FaultServer;
  let payout: unknown;
  before(async () => {
    server = await startFaultServer([{ method: 'GET', path: '/api/sno/estimated-payout', handle: () => ({ body: payout }) }]);
  });
  after(() => server.close());
  beforeEach(() => server.setFaults([]));

  const month = (payoutCents: number, held: number) => ({
    egressBandwidth: 123456789,
    egressBandwidthPayout: 24.69,
    egressRepairAudit: 1000,
    egressRepairAuditPayout: 0.01,
    diskSpace: 5.5e14,
    diskSpacePayout: 82.5,
    heldRate: 0,
    payout: payoutCents,
    held,
  });
  const clock = () => new Date(Date.UTC(2025, 0, 15, 10));

  test('reads current and previous month, cents to exact USD', async () => {
    payout = { currentMonth: month(1234.56, 0), previousMonth: month(7, 0), currentMonthExpectations: 2500.01 };
    const source = createStorjPayoutSource(clock);
    const readings = values(await source.read(context({ 'storj.dashboardUrl': `${server.url}/` })));
    assert.deepEqual(
      readings.map((r) => [r.period, r.amount, r.unit, r.kind, r.symbol, r.chain]),
      [
        ['2025-01', '12.3456', 'usd', 'estimated', 'STORJ', 'ethereum'],
        ['2024-12', '0.07', 'usd', 'estimated', 'STORJ', 'ethereum'],
      ],
    );
    assert.equal(readings[0].at, '2025-01-15T10:00:00.000Z');
    assert.match(readings[0].source, /estimated payout/);
    assert.equal(server.requests.log.at(-1)?.path, '/api/sno/estimated-payout');
  });

  test('a node that is not running is unreachable; a strange answer is a bad response', async () => {
    const source = createStorjPayoutSource(clock);
    const down = await source.read(context({ 'storj.dashboardUrl': 'http://127.0.0.1:9' }));
    assert.equal(down.status, 'unreachable');
    payout = { currentMonth: { payout: 'lots' } };
    assert.equal((await source.read(context({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
    payout = [1, 2];
    assert.equal((await source.read(context({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
    server.setFaults([{ kind: 'malformed' }]);
    assert.equal((await source.read(context({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
  });

  test('centsToUsd moves the decimal point without floating point', () => {
    const cases: [number | string, string][] = [
      [0, '0'],
      [7, '0.07'],
      [100, '1'],
      [1234.56, '12.3456'],
      [0.01, '0.0001'],
      [1e-7, '0.000000001'],
      [1.5e21, '15000000000000000000'],
      ['250000.10', '2500.001'],
      [-5, '-0.05'],
    ];
    for (const [input, expected] of cases) assert.equal(centsToUsd(input), expected, String(input));
    assert.equal(centsToUsd(Number.NaN), undefined);
    assert.equal(centsToUsd('12,5'), undefined);
  });

  test('months roll over the year', () => {
    assert.equal(monthOf(new Date(Date.UTC(2025, 0, 31)), -1), '2024-12');
    assert.equal(monthOf(new Date(Date.UTC(2025, 11, 1))), '2025-12');
  });
});

describe('filecoin miner available balance', () => {
  let lotus: FaultServer;
  const calls: unknown[] = [];
  before(async () => {
    lotus = await startFaultServer([
      {
        method: 'POST',
        path: '/rpc/v1',
        handle: (request) => {
          const call = JSON.parse(request.body) as { id: number; method: string; params: unknown[] };
          calls.push(call);
          if (call.method !== 'Filecoin.StateMinerAvailableBalance')
            return { body: { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'method not found' } } };
          if (call.params[0] === 'f0404') return { body: { jsonrpc: '2.0', id: call.id, error: { code: 1, message: 'actor not found' } } };
          return { body: { jsonrpc: '2.0', id: call.id, result: '1234500000000000000001' } };
        },
      },
    ]);
  });
  after(() => lotus.close());

  test('reads StateMinerAvailableBalance at the head and reports exact FIL', async () => {
    const readings = values(await filecoinMinerSource.read(context({ 'filecoin.minerId': 'f01234', 'rpc.filecoin': `${lotus.url}/rpc/v1` })));
    assert.deepEqual(
      readings.map((r) => [r.amount, r.symbol, r.unit, r.kind, r.wallet, r.chain]),
      [['1234.500000000000000001', 'FIL', 'token', 'available', 'f01234', 'filecoin']],
    );
    assert.deepEqual(calls.at(-1), { jsonrpc: '2.0', id: 1, method: 'Filecoin.StateMinerAvailableBalance', params: ['f01234', null] });
  });

  test('no miner configured: nothing read; a malformed id or an RPC error is a bad response', async () => {
    const before = calls.length;
    assert.deepEqual(await filecoinMinerSource.read(context({ 'rpc.filecoin': `${lotus.url}/rpc/v1` })), { status: 'ok', value: [] });
    const malformed = await filecoinMinerSource.read(context({ 'filecoin.minerId': 'f1abc', 'rpc.filecoin': `${lotus.url}/rpc/v1` }));
    assert.equal(malformed.status, 'bad-response');
    assert.equal(calls.length, before, 'neither case reaches the node');
    const rpcError = await filecoinMinerSource.read(context({ 'filecoin.minerId': 'f0404', 'rpc.filecoin': `${lotus.url}/rpc/v1` }));
    assert.equal(rpcError.status, 'bad-response');
    assert.match((rpcError as { reason?: string }).reason ?? '', /actor not found/);
  });

  test('an unreachable node is unreachable', async () => {
    const result = await filecoinMinerSource.read(context({ 'filecoin.minerId': 'f01234', 'rpc.filecoin': 'http://127.0.0.1:9/rpc/v1' }));
    assert.equal(result.status, 'unreachable');
  });
});
