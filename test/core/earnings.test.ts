import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DepinError } from '../../src/domain/errors.js';
import { computeEarnings, parseSince, type EarningsInput, type OnChainLine } from '../../src/core/earnings.js';
import type { RewardRecord, SnapshotRow } from '../../src/domain/records.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2025, 2, 31, 12);
const SINCE = NOW - 7 * D;

const HNT = {
  wallet: 'hnt-wallet',
  chain: 'solana',
  network: 'helium',
  symbol: 'HNT',
  token: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
  decimals: 8,
  coingeckoId: 'helium',
} as const;

function series(base: Omit<SnapshotRow, 'takenAt' | 'raw'>, points: [number, bigint][]): SnapshotRow[] {
  return points.map(([takenAt, raw]) => ({ ...base, takenAt, raw }));
}

function only(input: Partial<EarningsInput> & Pick<EarningsInput, 'snapshots'>): OnChainLine {
  const report = computeEarnings({ since: SINCE, now: NOW, ...input });
  assert.equal(report.onChain.length, 1);
  return report.onChain[0];
}

describe('earned over a period', () => {
  const cases: { name: string; points: [number, bigint][]; earned: bigint; balance: bigint; fullPeriod: boolean }[] = [
    {
      name: 'deposits add up, including the step from the opening balance',
      points: [
        [SINCE - D, 100n],
        [SINCE + D, 150n],
        [SINCE + 2 * D, 200n],
      ],
      earned: 100n,
      balance: 200n,
      fullPeriod: true,
    },
    {
      name: 'an outgoing transfer is not negative earnings',
      points: [
        [SINCE - D, 100n],
        [SINCE + D, 40n],
        [SINCE + 2 * D, 70n],
      ],
      earned: 30n,
      balance: 70n,
      fullPeriod: true,
    },
    {
      name: 'a transfer out of everything earned leaves earned as it was',
      points: [
        [SINCE - D, 0n],
        [SINCE + D, 500n],
        [SINCE + 2 * D, 0n],
      ],
      earned: 500n,
      balance: 0n,
      fullPeriod: true,
    },
    {
      name: 'a step that ended before the period is not counted',
      points: [
        [SINCE - 2 * D, 10n],
        [SINCE - D, 90n],
        [SINCE + D, 95n],
      ],
      earned: 5n,
      balance: 95n,
      fullPeriod: true,
    },
    {
      name: 'a snapshot exactly at the start is the opening balance',
      points: [
        [SINCE - D, 1n],
        [SINCE, 50n],
        [SINCE + H, 60n],
      ],
      earned: 10n,
      balance: 60n,
      fullPeriod: true,
    },
    {
      name: 'snapshots after now are ignored',
      points: [
        [SINCE - D, 1n],
        [SINCE + D, 2n],
        [NOW + H, 1_000n],
      ],
      earned: 1n,
      balance: 2n,
      fullPeriod: true,
    },
    {
      name: 'history that starts inside the period does not count the first balance',
      points: [
        [SINCE + D, 1_000n],
        [SINCE + 2 * D, 1_250n],
      ],
      earned: 250n,
      balance: 1_250n,
      fullPeriod: false,
    },
    {
      name: 'no change, nothing earned',
      points: [
        [SINCE - D, 7n],
        [SINCE + D, 7n],
      ],
      earned: 0n,
      balance: 7n,
      fullPeriod: true,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const line = only({ snapshots: series(HNT, c.points) });
      assert.equal(line.earnedRaw, c.earned);
      assert.equal(line.balanceRaw, c.balance);
      assert.equal(line.fullPeriod, c.fullPeriod);
      assert.equal(line.status, 'ok');
      assert.equal(line.source, 'on-chain');
    });
  }

  test('history that starts inside the period says from when it counts', () => {
    const line = only({
      snapshots: series(HNT, [
        [SINCE + D, 1n],
        [SINCE + 2 * D, 2n],
      ]),
    });
    assert.equal(line.coverageFrom, SINCE + D);
  });

  test('18-decimal amounts stay exact', () => {
    const base = { wallet: '0xabc', chain: 'ethereum', network: 'iotex', symbol: 'IOTX', token: 'native', decimals: 18, coingeckoId: 'iotex' } as const;
    const opening = 123_456_789_123_456_789_123_456_789n;
    const line = only({
      snapshots: series(base, [
        [SINCE - H, opening],
        [SINCE + H, opening + 1n],
        [SINCE + 2 * H, opening + 1n + 999_999_999_999_999_999n],
      ]),
    });
    assert.equal(line.earnedRaw, 1_000_000_000_000_000_000n);
    assert.equal(line.earned, '1');
    assert.equal(line.balance, '123456790.123456789123456789');
  });

  test('each wallet and token is its own line, sorted by network, chain and wallet', () => {
    const report = computeEarnings({
      since: SINCE,
      now: NOW,
      snapshots: [
        ...series({ ...HNT, wallet: 'w-b' }, [
          [SINCE - D, 0n],
          [SINCE + D, 300n],
        ]),
        ...series({ ...HNT, wallet: 'w-a' }, [
          [SINCE - D, 0n],
          [SINCE + D, 100n],
        ]),
        ...series({ ...HNT, wallet: 'w-a', symbol: 'IOT', token: 'iot-mint', decimals: 6, coingeckoId: 'helium-iot' }, [
          [SINCE - D, 5n],
          [SINCE + D, 6n],
        ]),
        ...series({ wallet: 'w-a', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xB64e', decimals: 8, coingeckoId: 'storj' }, [
          [SINCE - D, 0n],
          [SINCE + D, 2n],
        ]),
      ],
    });
    assert.deepEqual(
      report.onChain.map((l) => [l.network, l.wallet, l.symbol, l.earnedRaw]),
      [
        ['helium', 'w-a', 'HNT', 100n],
        ['helium', 'w-a', 'IOT', 1n],
        ['helium', 'w-b', 'HNT', 300n],
        ['storj', 'w-a', 'STORJ', 2n],
      ],
    );
  });
});

describe('USD totals', () => {
  test('per network and overall, from exact amounts; unpriced lines are counted, not valued', () => {
    const report = computeEarnings({
      since: SINCE,
      now: NOW,
      snapshots: [
        ...series(HNT, [
          [SINCE - D, 0n],
          [SINCE + D, 2_00000000n],
        ]),
        ...series({ ...HNT, symbol: 'MOBILE', token: 'mobile-mint', decimals: 6, coingeckoId: 'helium-mobile' }, [
          [SINCE - D, 0n],
          [SINCE + D, 10_000000n],
        ]),
        ...series({ wallet: '0x1', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xB64e', decimals: 8, coingeckoId: 'storj' }, [
          [SINCE - D, 1_00000000n],
          [SINCE + D, 5_00000000n],
        ]),
      ],
      prices: new Map([
        ['helium', { price: 4.5, fetchedAt: NOW, stale: false }],
        ['storj', { price: 0.25, fetchedAt: NOW - D, stale: true }],
      ]),
    });
    const helium = report.totals.networks.helium;
    assert.equal(helium.earnedValue, 9);
    assert.equal(helium.balanceValue, 9);
    assert.equal(helium.unpriced, 1, 'MOBILE has no price');
    assert.equal(report.totals.networks.storj.earnedValue, 1);
    assert.equal(report.totals.networks.storj.balanceValue, 1.25);
    assert.equal(report.totals.overall.earnedValue, 10);
    assert.equal(report.totals.overall.balanceValue, 10.25);
    const storj = report.onChain.find((l) => l.symbol === 'STORJ')!;
    assert.equal(storj.priceStale, true);
    assert.equal(storj.priceFetchedAt, NOW - D);
    assert.equal(report.onChain.find((l) => l.symbol === 'MOBILE')!.price, undefined);
  });
});

describe('balances that could not be read this run', () => {
  const snapshots = series(HNT, [
    [SINCE - D, 10n],
    [NOW - 2 * H, 25n],
  ]);

  test('keep the last known value and its age, with the status and reason', () => {
    const line = only({ snapshots, failures: [{ at: NOW, chain: 'solana', status: 'unreachable', reason: 'timed out after 10000 ms' }] });
    assert.equal(line.status, 'unreachable');
    assert.equal(line.reason, 'timed out after 10000 ms');
    assert.equal(line.balanceRaw, 25n);
    assert.equal(line.asOf, NOW - 2 * H);
    assert.equal(line.ageMs, 2 * H);
    assert.equal(line.earnedRaw, 15n);
  });

  test('a failure older than the last good read no longer applies', () => {
    const line = only({ snapshots, failures: [{ at: NOW - 3 * H, chain: 'solana', status: 'bad-response', reason: 'old' }] });
    assert.equal(line.status, 'ok');
  });

  test('a failure narrowed to another wallet or token leaves this line alone', () => {
    const failures = [
      { at: NOW, chain: 'solana' as const, status: 'wrong-chain' as const, reason: 'x', wallet: 'someone-else' },
      { at: NOW, chain: 'solana' as const, status: 'wrong-chain' as const, reason: 'y', token: 'other-mint' },
      { at: NOW, chain: 'ethereum' as const, status: 'unreachable' as const, reason: 'z' },
    ];
    const report = computeEarnings({ since: SINCE, now: NOW, snapshots, failures });
    assert.equal(report.onChain[0].status, 'ok');
    assert.deepEqual(report.unread.map((u) => [u.chain, u.reason]).sort(), [
      ['ethereum', 'z'],
      ['solana', 'x'],
      ['solana', 'y'],
    ]);
  });

  test('never read: no balance at all rather than zero', () => {
    const report = computeEarnings({
      since: SINCE,
      now: NOW,
      snapshots: [],
      failures: [
        {
          at: NOW - H,
          network: 'helium',
          chain: 'solana',
          wallet: 'new',
          token: HNT.token,
          symbol: 'HNT',
          decimals: 8,
          status: 'unreachable',
          reason: 'first',
        },
        { at: NOW, network: 'helium', chain: 'solana', wallet: 'new', token: HNT.token, symbol: 'HNT', decimals: 8, status: 'bad-response', reason: 'second' },
      ],
    });
    assert.equal(report.onChain.length, 1);
    const [line] = report.onChain;
    assert.equal(line.balanceRaw, undefined);
    assert.equal(line.balance, undefined);
    assert.equal(line.earnedRaw, undefined, 'unknown, not zero');
    assert.equal(line.status, 'bad-response');
    assert.equal(line.reason, 'second');
  });

  test('last known values are flagged in the totals', () => {
    const report = computeEarnings({ since: SINCE, now: NOW, snapshots, failures: [{ at: NOW, chain: 'solana', status: 'unreachable', reason: 'down' }] });
    assert.equal(report.totals.overall.includesLastKnown, true);
  });
});

describe('network API figures', () => {
  const reward = (over: Partial<RewardRecord>): RewardRecord => ({
    at: NOW - H,
    network: 'storj',
    sourceId: 'storj-estimated-payout',
    source: 'Storj node dashboard: estimated payout',
    symbol: 'STORJ',
    chain: 'ethereum',
    amount: '12.34',
    unit: 'usd',
    kind: 'estimated',
    period: '2025-03',
    ...over,
  });

  test('are separate lines, the newest of each figure, never added to on-chain amounts', () => {
    const storjSnapshots = series({ wallet: '0x1', chain: 'ethereum', network: 'storj', symbol: 'STORJ', token: '0xB64e', decimals: 8, coingeckoId: 'storj' }, [
      [SINCE - D, 0n],
      [SINCE + D, 10_00000000n],
    ]);
    const report = computeEarnings({
      since: SINCE,
      now: NOW,
      snapshots: [
        ...storjSnapshots,
        ...series(HNT, [
          [SINCE - D, 0n],
          [SINCE + D, 1n],
        ]),
      ],
      rewards: [
        reward({ at: NOW - 2 * H, amount: '10.00' }),
        reward({}),
        reward({ period: '2025-02', amount: '30.5' }),
        reward({
          network: 'helium',
          sourceId: 'helium-oracle-rewards',
          source: 'oracle lifetime',
          symbol: 'HNT',
          chain: 'solana',
          amount: '2.5',
          unit: 'token',
          kind: 'pending',
          period: undefined,
          wallet: 'hnt-wallet',
        }),
        reward({ at: NOW + H, amount: '999' }),
      ],
      prices: new Map([
        ['storj', { price: 0.5, fetchedAt: NOW, stale: false }],
        ['helium', { price: 4, fetchedAt: NOW, stale: false }],
      ]),
    });
    assert.deepEqual(
      report.networkApi.map((l) => [l.network, l.source, l.kind, l.period, l.amount, l.value]),
      [
        ['helium', 'network-api', 'pending', undefined, '2.5', 10],
        ['storj', 'network-api', 'estimated', '2025-03', '12.34', 12.34],
        ['storj', 'network-api', 'estimated', '2025-02', '30.5', 30.5],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const storjLine = report.onChain.find((l) => l.network === 'storj')!;
    assert.equal(storjLine.earnedRaw, 10_00000000n, 'on-chain earned ignores the API estimate');
    assert.equal(report.totals.networks.storj.earnedValue, 5);
    assert.equal(report.totals.networks.storj.networkApiValue, 12.34 + 30.5);
    assert.equal(report.networkApi.find((l) => l.network === 'helium')!.description, 'oracle lifetime');
    assert.equal(report.networkApi[1].ageMs, H);
  });
});

describe('parseSince', () => {
  test('relative periods and dates', () => {
    assert.equal(parseSince('24h', NOW), NOW - D);
    assert.equal(parseSince('7d', NOW), NOW - 7 * D);
    assert.equal(parseSince('30d', NOW), NOW - 30 * D);
    assert.equal(parseSince(' 48H ', NOW), NOW - 2 * D);
    assert.equal(parseSince('2025-01-31', NOW), Date.UTC(2025, 0, 31));
    assert.equal(parseSince('2024-02-29', NOW), Date.UTC(2024, 1, 29));
    // Years below 100 are real years, not 1900 + year.
    assert.equal(new Date(parseSince('0099-12-31', NOW)).getUTCFullYear(), 99);
  });

  for (const bad of [
    '',
    '7',
    'week',
    '7w',
    '-7d',
    '0d',
    '7d ago',
    '2025-1-31',
    '2025-02-30',
    '2023-02-29',
    '2025-13-01',
    '31/01/2025',
    '2099-01-01',
    '999999d',
    '900000h',
  ]) {
    test(`rejects ${JSON.stringify(bad)} as a usage error naming the accepted forms`, () => {
      assert.throws(
        () => parseSince(bad, NOW),
        (error: unknown) =>
          error instanceof DepinError && error.kind === 'usage' && /24h/.test(error.suggestion ?? '') && /YYYY-MM-DD/.test(error.suggestion ?? ''),
      );
    });
  }
});

describe('totals that leave out unread chains say so', () => {
  const neverRead = (chain: 'solana' | 'ethereum', wallet: string) => ({
    at: NOW - 1_000,
    chain,
    status: 'unreachable' as const,
    reason: 'connect ECONNREFUSED',
    network: chain === 'solana' ? 'helium' : 'storj',
    wallet,
    token: 'native',
    symbol: chain === 'solana' ? 'HNT' : 'STORJ',
    decimals: 8,
  });

  test('every chain failing: incomplete, nothing known, every failed chain listed as unread', () => {
    const report = computeEarnings({ since: SINCE, now: NOW, snapshots: [], failures: [neverRead('solana', 'a'), neverRead('ethereum', 'b')] });
    assert.equal(report.totals.complete, false);
    assert.equal(report.totals.known, false);
    assert.deepEqual(report.totals.unread, ['ethereum', 'solana']);
    assert.deepEqual(report.unread.map((u) => [u.chain, u.wallet, u.reason, u.at]).sort(), [
      ['ethereum', 'b', 'connect ECONNREFUSED', NOW - 1_000],
      ['solana', 'a', 'connect ECONNREFUSED', NOW - 1_000],
    ]);
  });

  test('a chain read from its last known value is unread too; a full read is complete', () => {
    const snapshots = series(HNT, [
      [SINCE - D, 10n],
      [NOW - 2 * H, 25n],
    ]);
    const failed = computeEarnings({ since: SINCE, now: NOW, snapshots, failures: [{ at: NOW, chain: 'solana', status: 'unreachable', reason: 'timed out' }] });
    assert.equal(failed.totals.complete, false);
    assert.equal(failed.totals.known, true);
    assert.deepEqual(failed.totals.unread, ['solana']);
    assert.equal(failed.unread[0].at, NOW);
    const fine = computeEarnings({ since: SINCE, now: NOW, snapshots });
    assert.equal(fine.totals.complete, true);
    assert.deepEqual(fine.totals.unread, []);
    assert.deepEqual(fine.unread, []);
  });
});
