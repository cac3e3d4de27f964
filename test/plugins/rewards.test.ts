import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainId, PluginDefinition, RewardReading, Tagged } from '../../src/plugin-api/index.js';
import storj from '../../plugins/storj/index.js';
import filecoin from '../../plugins/filecoin/index.js';
import { testRewardContext } from '../plugins-host/test-host.js';
import { centsToUsd, createStorjPayoutSource, monthOf, rewardSources as storjSources } from '../../plugins/storj/rewards.js';
import { heliumRewardsSource, rewardSources as heliumSources } from '../../plugins/helium/rewards.js';
import { filecoinMinerSource, rewardSources as filecoinSources } from '../../plugins/filecoin/rewards.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../helpers/fault-server.js';

/** A reward context as `depin earnings` gets one from the plugin host. */
const context =
  (definition: PluginDefinition) =>
  (config: Record<string, string>, wallets: { address: string; chain: ChainId }[] = []) =>
    testRewardContext(definition, config, wallets);
const storjContext = context(storj);
const filecoinContext = context(filecoin);

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
    const readings = values(await source.read(storjContext({ 'storj.dashboardUrl': `${server.url}/` })));
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
    const down = await source.read(storjContext({ 'storj.dashboardUrl': 'http://127.0.0.1:9' }));
    assert.equal(down.status, 'unreachable');
    payout = { currentMonth: { payout: 'lots' } };
    assert.equal((await source.read(storjContext({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
    payout = [1, 2];
    assert.equal((await source.read(storjContext({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
    server.setFaults([{ kind: 'malformed' }]);
    assert.equal((await source.read(storjContext({ 'storj.dashboardUrl': server.url }))).status, 'bad-response');
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
          // The host sends Lotus calls as JSON-RPC batches.
          const batch = JSON.parse(request.body) as { id: number; method: string; params: unknown[] }[];
          return {
            body: batch.map((call) => {
              calls.push(call);
              if (call.method !== 'Filecoin.StateMinerAvailableBalance')
                return { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'method not found' } };
              if (call.params[0] === 'f0404') return { jsonrpc: '2.0', id: call.id, error: { code: 1, message: 'actor not found' } };
              if (request.headers.authorization !== undefined && request.headers.authorization !== 'Bearer lotus-token')
                return { jsonrpc: '2.0', id: call.id, error: { code: 401, message: 'bad token' } };
              return { jsonrpc: '2.0', id: call.id, result: '1234500000000000000001' };
            }),
          };
        },
      },
    ]);
  });
  after(() => lotus.close());

  test('reads StateMinerAvailableBalance at the head and reports exact FIL', async () => {
    const readings = values(await filecoinMinerSource.read(filecoinContext({ 'filecoin.minerId': 'f01234', 'rpc.filecoin': `${lotus.url}/rpc/v1` })));
    assert.deepEqual(
      readings.map((r) => [r.amount, r.symbol, r.unit, r.kind, r.wallet, r.chain]),
      [['1234.500000000000000001', 'FIL', 'token', 'available', 'f01234', 'filecoin']],
    );
    assert.deepEqual(calls.at(-1), { jsonrpc: '2.0', id: 1, method: 'Filecoin.StateMinerAvailableBalance', params: ['f01234', null] });
  });

  test('no miner configured: nothing read; a malformed id or an RPC error is a bad response', async () => {
    const before = calls.length;
    assert.deepEqual(await filecoinMinerSource.read(filecoinContext({ 'rpc.filecoin': `${lotus.url}/rpc/v1` })), { status: 'ok', value: [] });
    const malformed = await filecoinMinerSource.read(filecoinContext({ 'filecoin.minerId': 'f1abc', 'rpc.filecoin': `${lotus.url}/rpc/v1` }));
    assert.equal(malformed.status, 'bad-response');
    assert.equal(calls.length, before, 'neither case reaches the node');
    const rpcError = await filecoinMinerSource.read(filecoinContext({ 'filecoin.minerId': 'f0404', 'rpc.filecoin': `${lotus.url}/rpc/v1` }));
    assert.equal(rpcError.status, 'bad-response');
    assert.match((rpcError as { reason?: string }).reason ?? '', /actor not found/);
  });

  test('Lotus calls go through the host: the API token is sent, a 503 is retried', async () => {
    const config = { 'filecoin.minerId': 'f01234', 'rpc.filecoin': `${lotus.url}/rpc/v1` };
    lotus.setFaults([{ kind: 'status', status: 503 }]);
    lotus.requests.clear();
    const ctx = testRewardContext(filecoin, config, [], { http: { retries: 1, baseDelayMs: 1 }, lotusToken: 'lotus-token' });
    const readings = values(await filecoinMinerSource.read(ctx));
    assert.equal(readings[0].amount, '1234.500000000000000001');
    assert.equal(lotus.requests.count, 2, 'the 503 was retried');
    assert.equal(lotus.requests.log[1].headers.authorization, 'Bearer lotus-token');
    assert.match(readings[0].source, /^Lotus 127\.0\.0\.1:\d+: available balance of miner f01234$/);
    lotus.setFaults([]);
    const wrongToken = await filecoinMinerSource.read(testRewardContext(filecoin, config, [], { lotusToken: 'other' }));
    assert.equal(wrongToken.status, 'bad-response');
    assert.doesNotMatch(JSON.stringify(wrongToken), /other/, 'the token never reaches a reason');
  });

  test('an unreachable node is unreachable', async () => {
    const result = await filecoinMinerSource.read(filecoinContext({ 'filecoin.minerId': 'f01234', 'rpc.filecoin': 'http://127.0.0.1:9/rpc/v1' }));
    assert.equal(result.status, 'unreachable');
  });
});
