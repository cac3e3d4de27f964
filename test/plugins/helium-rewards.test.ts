import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PublicKey } from '@solana/web3.js';
import type { ChainId, RewardReading, Tagged } from '../../src/plugin-api/index.js';
import helium from '../../plugins/helium/index.js';
import { solanaAccountFrom } from '../../src/plugins-host/chain-reads.js';
import { testRewardContext } from '../plugins-host/test-host.js';
import { heliumRewardsSource } from '../../plugins/helium/rewards.js';
import {
  claimedFromAccount,
  decodeRecipientV0,
  HNT_LAZY_DISTRIBUTOR,
  HNT_MINT,
  LAZY_DISTRIBUTOR_PROGRAM_ID,
  lazyDistributorAddress,
  RECIPIENT_V0_DISCRIMINATOR,
  recipientAddress,
} from '../../plugins/helium/lazy-distributor.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../helpers/fault-server.js';

/** Program id of Helium's lazy distributor (programs/lazy-distributor/src/lib.rs), spelled out here on purpose. */
const PROGRAM_ID = '1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w';

interface RecipientFields {
  lazyDistributor: string;
  asset: string;
  totalRewards: bigint;
  currentConfigVersion?: number;
  currentRewards?: (bigint | null)[];
  bumpSeed?: number;
  reserved?: bigint;
  destination?: string;
}

const u64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
};

/**
 * Borsh bytes of a RecipientV0 account, written independently of the decoder under test: the Anchor
 * discriminator from its definition, then the fields of programs/lazy-distributor/src/state.rs.
 */
function encodeRecipientV0(f: RecipientFields): Uint8Array {
  const rewards = f.currentRewards ?? [];
  const version = Buffer.alloc(2);
  version.writeUInt16LE(f.currentConfigVersion ?? 0);
  const count = Buffer.alloc(4);
  count.writeUInt32LE(rewards.length);
  return Buffer.concat([
    createHash('sha256').update('account:RecipientV0').digest().subarray(0, 8),
    new PublicKey(f.lazyDistributor).toBuffer(),
    new PublicKey(f.asset).toBuffer(),
    u64(f.totalRewards),
    version,
    count,
    ...rewards.map((r) => (r === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), u64(r)]))),
    Buffer.from([f.bumpSeed ?? 255]),
    u64(f.reserved ?? 0n),
    new PublicKey(f.destination ?? PublicKey.default).toBuffer(),
  ]);
}

/** An account as `getMultipleAccounts` with base64 encoding returns it. */
function rpcAccount(data: Uint8Array, owner = PROGRAM_ID) {
  return {
    data: [Buffer.from(data).toString('base64'), 'base64'],
    executable: false,
    lamports: 2_227_200,
    owner,
    rentEpoch: 18446744073709551615,
    space: data.length,
  };
}

/** The recipient PDA, derived here from the seeds in initialize_recipient_v0.rs. */
const recipientOf = (a: string) =>
  PublicKey.findProgramAddressSync(
    [Buffer.from('recipient'), new PublicKey(HNT_LAZY_DISTRIBUTOR).toBuffer(), new PublicKey(a).toBuffer()],
    new PublicKey(PROGRAM_ID),
  )[0].toBase58();

const asset = (fill: number) => new PublicKey(new Uint8Array(32).fill(fill)).toBase58();
const U64_MAX = 2n ** 64n - 1n;

test('the RecipientV0 discriminator is sha256("account:RecipientV0")[0..8]', () => {
  const digest = createHash('sha256').update('account:RecipientV0').digest();
  assert.deepEqual([...digest.subarray(0, 8)], [...RECIPIENT_V0_DISCRIMINATOR]);
});

test('the published HNT lazy distributor is the PDA ["lazy_distributor", HNT mint]', async () => {
  assert.equal(await lazyDistributorAddress(HNT_MINT), HNT_LAZY_DISTRIBUTOR);
  await assert.rejects(lazyDistributorAddress('not an address'), TypeError);
});

test('recipient PDA seeds are ["recipient", lazy distributor, asset]; bad addresses give none', async () => {
  const a = asset(7);
  assert.equal(LAZY_DISTRIBUTOR_PROGRAM_ID, PROGRAM_ID);
  assert.equal(await recipientAddress(HNT_LAZY_DISTRIBUTOR, a), recipientOf(a));
  assert.notEqual(await recipientAddress(HNT_LAZY_DISTRIBUTOR, asset(8)), recipientOf(a));
  // '1' decodes to a single zero byte; 0/O/I/l are outside base58; a leading '1' adds a 33rd (zero) byte.
  for (const bad of ['1', 'O0Il', `1${asset(1)}`]) {
    assert.equal(await recipientAddress(HNT_LAZY_DISTRIBUTOR, bad), undefined, bad);
  }
  assert.equal(await recipientAddress('nope', a), undefined);
});

test('decodes every RecipientV0 field in IDL order, u64s exactly', () => {
  const account = {
    lazyDistributor: HNT_LAZY_DISTRIBUTOR,
    asset: asset(9),
    totalRewards: U64_MAX - 1n,
    currentConfigVersion: 513,
    currentRewards: [5n, null, U64_MAX],
    bumpSeed: 254,
    reserved: 0n,
    destination: asset(3),
  };
  assert.deepEqual(decodeRecipientV0(encodeRecipientV0(account)), account);
  // Anchor allocates spare room past the fields; trailing zeros are not part of the account.
  const padded = new Uint8Array(encodeRecipientV0(account).length + 60);
  padded.set(encodeRecipientV0(account));
  assert.deepEqual(decodeRecipientV0(padded), account);
});

test('another account type, a truncated account or a bad option tag is not a recipient', () => {
  const bytes = encodeRecipientV0({ lazyDistributor: HNT_LAZY_DISTRIBUTOR, asset: asset(9), totalRewards: 10n, currentRewards: [1n] });
  const other = Uint8Array.from(bytes);
  other[0] ^= 1;
  assert.match(decodeRecipientV0(other) as string, /discriminator/);
  assert.match(decodeRecipientV0(bytes.subarray(0, 8 + 32 + 32 + 4)) as string, /truncated/);
  assert.match(decodeRecipientV0(bytes.subarray(0, 5)) as string, /discriminator/);
  const tag = Uint8Array.from(bytes);
  tag[8 + 32 + 32 + 8 + 2 + 4] = 2;
  assert.match(decodeRecipientV0(tag) as string, /option tag 2/);
});

/** An RPC entry as the host decodes it, then checked as a recipient. */
function claimedFromRpcAccount(entry: unknown, distributor: string, forAsset: string) {
  const account = solanaAccountFrom(entry);
  return typeof account === 'string' ? { ok: false as const, reason: account } : claimedFromAccount(account, distributor, forAsset);
}

test('an RPC account entry: missing is nothing claimed; wrong owner, distributor or asset is bad data', () => {
  const a = asset(9);
  const good = encodeRecipientV0({ lazyDistributor: HNT_LAZY_DISTRIBUTOR, asset: a, totalRewards: 123456789012345678n });
  assert.deepEqual(claimedFromRpcAccount(null, HNT_LAZY_DISTRIBUTOR, a), { ok: true, claimed: 0n });
  assert.deepEqual(claimedFromRpcAccount(rpcAccount(good), HNT_LAZY_DISTRIBUTOR, a), { ok: true, claimed: 123456789012345678n });
  const bad = (entry: unknown, pattern: RegExp, forAsset = a) => {
    const result = claimedFromRpcAccount(entry, HNT_LAZY_DISTRIBUTOR, forAsset);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, pattern);
  };
  bad(rpcAccount(good, asset(4)), /owned by/);
  bad(rpcAccount(encodeRecipientV0({ lazyDistributor: asset(5), asset: a, totalRewards: 1n })), /lazy distributor/);
  bad(rpcAccount(good), /belongs to asset/, asset(10));
  bad({ ...rpcAccount(good), data: ['AAAA', 'base58'] }, /not base64/);
  bad({ ...rpcAccount(good), data: ['!!', 'base64'] }, /not valid base64/);
  bad('account', /not an object/);
});

/** A reward context as `depin earnings` gets one from the plugin host. */
const context = (config: Record<string, string>, wallets: { address: string; chain: ChainId }[] = []) => testRewardContext(helium, config, wallets);

const values = (result: Tagged<RewardReading[]>): RewardReading[] => {
  assert.equal(result.status, 'ok', JSON.stringify(result));
  return result.status === 'ok' ? result.value : [];
};

describe('helium pending rewards: oracle lifetime minus on-chain claims', () => {
  const WALLET_A = 'Ga1aXx6JgnBtS5YpShrKk5nQxHyhzjtB8bpQ8qm9bfv1';
  const WALLET_B = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
  const WALLET_C = 'HNTwhaLe11111111111111111111111111111111111';
  const WALLET_MANY = 'Many1111111111111111111111111111111111111111';
  const MANY = Array.from({ length: 150 }, (_, i) => ({
    key: `112many${i}`,
    asset: new PublicKey(Uint8Array.from({ length: 32 }, (_, j) => (j === 0 ? 200 : j === 1 ? i : 1))).toBase58(),
  }));
  /** wallet → hotspots (entity key, asset id; asset undefined: the entity service left it out). */
  const hotspots: Record<string, { key: string; asset?: string }[]> = {
    [WALLET_A]: [
      { key: '112ab', asset: asset(11) },
      { key: '112cd', asset: asset(12) },
      { key: '1abcdefMOBILEkey', asset: asset(13) },
    ],
    [WALLET_B]: [],
    [WALLET_C]: [{ key: '112whale', asset: asset(21) }],
    [WALLET_MANY]: MANY,
  };
  let lifetime: Record<string, string>;
  /** recipient address → account entry (absent: no such account). */
  let accounts: Map<string, unknown>;
  let rpcError: { code: number; message: string } | undefined;
  let entities: FaultServer;
  let oracle: FaultServer;
  let solana: FaultServer;

  const claim = (a: string, totalRewards: bigint, fields: Partial<RecipientFields> = {}) =>
    accounts.set(
      recipientOf(a),
      rpcAccount(encodeRecipientV0({ lazyDistributor: HNT_LAZY_DISTRIBUTOR, asset: a, totalRewards, currentRewards: [totalRewards + 7n], ...fields })),
    );

  before(async () => {
    entities = await startFaultServer([
      {
        method: 'GET',
        path: /^\/v2\/wallet\/([^/]+)$/,
        handle: (_r: RecordedRequest, [wallet]: string[]) => {
          const list = hotspots[wallet];
          if (!list) return { status: 404, body: { error: 'unknown wallet' } };
          return {
            body: {
              hotspots_count: list.length,
              hotspots: list.map((h) => ({
                name: `hotspot ${h.key}`,
                entity_key_str: h.key,
                key_serialization: 'b58',
                ...(h.asset ? { asset_id: h.asset } : {}),
                hotspot_infos: { iot: {} },
              })),
              balances: [{ mint: HNT_MINT, balance: '0' }],
            },
          };
        },
      },
    ]);
    oracle = await startFaultServer([
      {
        method: 'POST',
        path: '/bulk-rewards',
        handle: (request) => {
          const { entityKeys } = JSON.parse(request.body) as { entityKeys?: string[] };
          if (!entityKeys) return { status: 400, body: { error: 'No entityKeys field' } };
          return { body: { currentRewards: Object.fromEntries(entityKeys.map((k) => [k, lifetime[k] ?? '0'])) } };
        },
      },
    ]);
    solana = await startFaultServer([
      {
        method: 'POST',
        path: '/',
        handle: (request) => {
          // The host sends Solana calls as JSON-RPC batches.
          const batch = JSON.parse(request.body) as { id: number; method: string; params: [string[], unknown] }[];
          const answer = (call: (typeof batch)[number]) => {
            if (call.method !== 'getMultipleAccounts') return { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } };
            if (rpcError) return { jsonrpc: '2.0', id: call.id, error: rpcError };
            return {
              jsonrpc: '2.0',
              id: call.id,
              result: { context: { apiVersion: '2.2.0', slot: 341_000_000 }, value: call.params[0].map((k) => accounts.get(k) ?? null) },
            };
          };
          return { body: batch.map(answer) };
        },
      },
    ]);
  });
  after(async () => {
    await entities.close();
    await oracle.close();
    await solana.close();
  });
  beforeEach(() => {
    lifetime = { '112ab': '150000000', '112cd': '25000001', '1abcdefMOBILEkey': '0', '112whale': '123456789012345678' };
    accounts = new Map();
    rpcError = undefined;
    for (const s of [entities, oracle, solana]) {
      s.setFaults([]);
      s.requests.clear();
    }
  });
  const config = () => ({ 'helium.entitiesUrl': entities.url, 'helium.oracleUrl': oracle.url, 'rpc.solana': `${solana.url}/` });
  const calls = () => solana.requests.log.flatMap((r) => JSON.parse(r.body) as { method: string; params: [string[], { encoding: string }] }[]);
  const read = async (...wallets: string[]) => {
    const ctx = context(
      config(),
      wallets.map((address) => ({ address, chain: 'solana' as ChainId })),
    );
    return { ctx, result: await heliumRewardsSource.read(ctx) };
  };

  test('rpc.solana is a config key of the source; the Helium endpoints are settings of the plugin', () => {
    assert.ok(heliumRewardsSource.configKeys?.includes('rpc.solana'));
    assert.deepEqual(
      helium.manifest.settings?.map((s) => [s.key, s.default]),
      [
        ['entitiesUrl', 'https://entities.nft.helium.io'],
        ['oracleUrl', 'https://hnt-rewards.oracle.helium.io'],
      ],
    );
  });

  test('pending = oracle − claimed per hotspot, summed per wallet, from one read of the derived recipients', async () => {
    claim(asset(11), 100_000_000n);
    claim(asset(21), 23_456_789_012_345_678n);
    const ctx = context(config(), [
      { address: WALLET_A, chain: 'solana' },
      { address: WALLET_B, chain: 'solana' },
      { address: WALLET_C, chain: 'solana' },
      { address: '0x0000000000000000000000000000000000000001', chain: 'ethereum' },
    ]);
    const readings = values(await heliumRewardsSource.read(ctx));
    assert.deepEqual(
      readings.map((r) => [r.wallet, r.amount, r.symbol, r.unit, r.kind, r.chain]),
      [
        // 1.5 − 1 claimed, 0.25000001 never claimed (no account), 0.
        [WALLET_A, '0.75000001', 'HNT', 'token', 'pending', 'solana'],
        [WALLET_B, '0', 'HNT', 'token', 'pending', 'solana'],
        // Past 2^53 base units: exact.
        [WALLET_C, '1000000000', 'HNT', 'token', 'pending', 'solana'],
      ],
    );
    assert.match(readings[0].source, /pending rewards of 3 hotspots \(lifetime 1\.75000001 HNT, claimed 1 HNT\)/);
    assert.doesNotMatch(readings[0].source, /LIFETIME|behind/);
    assert.deepEqual(ctx.warnings, []);
    assert.equal(solana.requests.count, 1, 'one getMultipleAccounts for all wallets');
    const [call] = calls();
    assert.equal(call.method, 'getMultipleAccounts');
    assert.equal(call.params[1].encoding, 'base64');
    assert.deepEqual(call.params[0], [asset(11), asset(12), asset(13), asset(21)].map(recipientOf));
  });

  test('hotspots that never claimed get their full lifetime amount', async () => {
    const readings = values((await read(WALLET_A)).result);
    assert.deepEqual(
      readings.map((r) => r.amount),
      ['1.75000001'],
    );
    assert.match(readings[0].source, /claimed 0 HNT/);
    assert.doesNotMatch(readings[0].source, /LIFETIME/);
  });

  test('an oracle behind the chain counts as 0 for that hotspot, and the text says so', async () => {
    claim(asset(11), 150_000_005n);
    claim(asset(12), 25_000_001n);
    const { result } = await read(WALLET_A);
    const [reading] = values(result);
    assert.equal(reading.amount, '0');
    assert.match(reading.source, /for 1 hotspot the oracle's lifetime figure is below the amount already claimed/);
  });

  test('a failing Solana RPC gives the lifetime figure, labelled as lifetime, with a warning', async () => {
    solana.setFaults({ rules: [{ fault: { kind: 'status', status: 503 } }] });
    const { ctx, result } = await read(WALLET_A, WALLET_C);
    const readings = values(result);
    assert.deepEqual(
      readings.map((r) => [r.wallet, r.amount, r.kind]),
      [
        [WALLET_A, '1.75000001', 'pending'],
        [WALLET_C, '1234567890.12345678', 'pending'],
      ],
    );
    for (const r of readings) {
      assert.match(r.source, /LIFETIME rewards of \d hotspots?, not pending: the amounts already claimed could not be read/);
      assert.match(r.source, /Solana RPC/);
    }
    assert.equal(ctx.warnings.length, 2);
    assert.match(ctx.warnings[0], /lifetime/);
  });

  test('a JSON-RPC error is a failed read too, never zero claims', async () => {
    claim(asset(11), 100_000_000n);
    rpcError = { code: 429, message: 'Too many requests for a specific RPC call' };
    const [reading] = values((await read(WALLET_A)).result);
    assert.equal(reading.amount, '1.75000001');
    assert.match(reading.source, /LIFETIME.*Too many requests/);
  });

  test('an account with a wrong discriminator is bad data: that wallet falls back to labelled lifetime, others stay pending', async () => {
    claim(asset(11), 100_000_000n);
    claim(asset(21), 23_456_789_012_345_678n);
    const bytes = encodeRecipientV0({ lazyDistributor: HNT_LAZY_DISTRIBUTOR, asset: asset(12), totalRewards: 5n });
    bytes[3] ^= 0xff;
    accounts.set(recipientOf(asset(12)), rpcAccount(bytes));
    const { ctx, result } = await read(WALLET_A, WALLET_C);
    const readings = values(result);
    assert.deepEqual(
      readings.map((r) => [r.wallet, r.amount]),
      [
        [WALLET_A, '1.75000001'],
        [WALLET_C, '1000000000'],
      ],
    );
    assert.match(readings[0].source, /LIFETIME.*discriminator mismatch/);
    assert.doesNotMatch(readings[1].source, /LIFETIME/);
    assert.equal(ctx.warnings.length, 1);
  });

  test('a recipient of another asset at the address is bad data', async () => {
    accounts.set(recipientOf(asset(11)), rpcAccount(encodeRecipientV0({ lazyDistributor: HNT_LAZY_DISTRIBUTOR, asset: asset(99), totalRewards: 1n })));
    const [reading] = values((await read(WALLET_A)).result);
    assert.match(reading.source, /LIFETIME.*belongs to asset/);
  });

  test('a hotspot listed without asset_id cannot be netted: labelled lifetime, no RPC call for it', async () => {
    const saved = hotspots[WALLET_A];
    hotspots[WALLET_A] = [{ key: '112ab' }, { key: '112cd', asset: asset(12) }];
    try {
      const [reading] = values((await read(WALLET_A)).result);
      assert.equal(reading.amount, '1.75000001');
      assert.match(reading.source, /LIFETIME.*no asset_id for hotspot 112ab/);
      assert.deepEqual(calls()[0].params[0], [recipientOf(asset(12))]);
    } finally {
      hotspots[WALLET_A] = saved;
    }
  });

  test('150 hotspots: recipients read in calls of 100 and 50, each address once', async () => {
    for (const [i, h] of MANY.entries()) {
      lifetime[h.key] = String(1_000_000_000n + BigInt(i));
      if (i % 2 === 0) claim(h.asset, 1_000_000_000n);
    }
    const [reading] = values((await read(WALLET_MANY)).result);
    // Claimed ones leave i base units, the others 10 HNT + i.
    const expected = MANY.reduce((sum, _h, i) => sum + BigInt(i) + (i % 2 === 0 ? 0n : 1_000_000_000n), 0n);
    assert.equal(reading.amount, `${expected / 100_000_000n}.${String(expected % 100_000_000n).padStart(8, '0')}`.replace(/\.?0+$/, ''));
    assert.deepEqual(
      calls().map((c) => c.params[0].length),
      [100, 50],
    );
    assert.deepEqual(
      calls().flatMap((c) => c.params[0]),
      MANY.map((h) => recipientOf(h.asset)),
    );
    assert.equal(oracle.requests.count, 2);
  });

  test('no Solana wallet, nothing to read', async () => {
    assert.deepEqual(await heliumRewardsSource.read(context(config(), [])), { status: 'ok', value: [] });
    assert.equal(entities.requests.count + oracle.requests.count + solana.requests.count, 0);
  });

  test('a failing oracle fails the read when nothing else succeeded, before any Solana call', async () => {
    oracle.setFaults({ rules: [{ fault: { kind: 'status', status: 503 } }] });
    const { result } = await read(WALLET_A);
    assert.equal(result.status, 'unreachable');
    assert.match((result as { reason?: string }).reason ?? '', /oracle/);
    assert.equal(solana.requests.count, 0);
  });

  test('one wallet failing still returns the others, with a warning', async () => {
    const { ctx, result } = await read('UnknownWallet1111111111111111111111111111111', WALLET_A);
    assert.deepEqual(
      values(result).map((r) => r.wallet),
      [WALLET_A],
    );
    assert.equal(ctx.warnings.length, 1);
  });

  test('a non-integer reward from the oracle is a bad response', async () => {
    lifetime['112cd'] = '1.5';
    assert.equal((await read(WALLET_A)).result.status, 'bad-response');
  });
});
