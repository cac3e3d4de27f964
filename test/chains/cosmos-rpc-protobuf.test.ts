import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeAllBalancesResponse,
  decodeTotalRewardsResponse,
  encodeAllBalancesRequest,
  encodeTotalRewardsRequest,
  truncateLegacyDec,
} from '../../src/chains/cosmos-rpc-reader.js';
import { ProtobufError, ProtoWriter, readFields, stringValue, varintValue, WIRE } from '../../src/chains/protobuf-lite.js';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('protobuf-lite writer', () => {
  test('encodes the wire format byte for byte', () => {
    // The examples of the protobuf encoding guide: field 1 = 150, field 2 = "testing".
    assert.equal(toHex(new ProtoWriter().uint64(1, 150).finish()), '089601');
    assert.equal(toHex(new ProtoWriter().string(2, 'testing').finish()), '1207' + ascii('testing'));
    assert.equal(toHex(new ProtoWriter().uint64(1, 0).finish()), '0800');
    assert.equal(toHex(new ProtoWriter().uint64(1, 2n ** 32n).finish()), '088080808010');
    assert.equal(toHex(new ProtoWriter().uint64(1, 2n ** 64n - 1n).finish()), '08ffffffffffffffffff01');
    // Field 16 needs a two-byte tag.
    assert.equal(toHex(new ProtoWriter().uint64(16, 1).finish()), '800101');
  });

  test('refuses values it cannot encode', () => {
    assert.throws(() => new ProtoWriter().uint64(1, -1n), RangeError);
    assert.throws(() => new ProtoWriter().uint64(1, 2n ** 64n), RangeError);
    assert.throws(() => new ProtoWriter().uint64(0, 1), RangeError);
  });

  test('nests messages as length-delimited fields', () => {
    const coin = new ProtoWriter().string(1, 'uakt').string(2, '1').finish();
    assert.equal(toHex(coin), '0a04' + ascii('uakt') + '1201' + ascii('1'));
    assert.equal(toHex(new ProtoWriter().message(1, coin).finish()), '0a09' + toHex(coin));
  });
});

describe('protobuf-lite reader', () => {
  test('round-trips varints beyond 2^32 and 2^53', () => {
    for (const value of [0n, 127n, 128n, 2n ** 32n, 2n ** 32n + 1n, 2n ** 35n + 7n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]) {
      const [field] = readFields(new ProtoWriter().uint64(3, value).finish());
      assert.equal(field.field, 3);
      assert.equal(varintValue(field), value, String(value));
    }
  });

  test('reads nested messages and fixed-width fields', () => {
    const inner = new ProtoWriter().string(1, 'ünï').uint64(2, 42).finish();
    const outer = bytes('0a' + toHex(Uint8Array.of(inner.length)) + toHex(inner) + '1d01020304' + '110102030405060708');
    const fields = readFields(outer);
    assert.deepEqual(
      fields.map((f) => [f.field, f.wire]),
      [
        [1, WIRE.len],
        [3, WIRE.i32],
        [2, WIRE.i64],
      ],
    );
    const nested = readFields(fields[0].value as Uint8Array);
    assert.equal(stringValue(nested[0]), 'ünï');
    assert.equal(varintValue(nested[1]), 42n);
  });

  test('rejects malformed input with ProtobufError', () => {
    const cases: Record<string, string> = {
      'truncated varint': '0896',
      'length past the end': '0a05' + ascii('abc'),
      'huge length': '0affffffff0f00',
      'varint of 11 bytes': '08' + 'ff'.repeat(10) + '01',
      'varint above 2^64': '08ffffffffffffffffff7f',
      'start group': '0b',
      'end group': '0c',
      'wire type 7': '0f',
      'field number 0': '0001',
      'truncated fixed64': '0901020304',
      'truncated fixed32': '0d0102',
    };
    for (const [name, hex] of Object.entries(cases)) assert.throws(() => readFields(bytes(hex)), ProtobufError, name);
    assert.throws(() => stringValue(readFields(bytes('0a02c328'))[0]), ProtobufError, 'invalid UTF-8');
    assert.throws(() => stringValue(readFields(bytes('0801'))[0]), ProtobufError, 'varint read as string');
  });
});

describe('Cosmos query messages', () => {
  const address = 'akash1qqqsyqcyq5rqwzqfpg9scrgwpugpzysn7gfcp4';

  test('requests carry the address, and the page key when there is one', () => {
    const plain = encodeAllBalancesRequest(address);
    assert.equal(toHex(plain), '0a' + address.length.toString(16) + ascii(address));
    const paged = encodeAllBalancesRequest(address, new TextEncoder().encode('uakt'));
    // pagination = 2 { key = 1 }
    assert.equal(toHex(paged), toHex(plain) + '1206' + '0a04' + ascii('uakt'));
    assert.equal(toHex(encodeTotalRewardsRequest(address)), toHex(plain));
  });

  test('AllBalances: coins, next key and total, skipping fields it does not know', () => {
    const coin = (denom: string, amount: string) => new ProtoWriter().string(1, denom).string(2, amount).uint64(9, 5).finish();
    const page = new ProtoWriter()
      .bytes(1, new TextEncoder().encode('uact'))
      .uint64(2, 2n ** 40n)
      .string(7, 'later field')
      .finish();
    const message = new ProtoWriter()
      .message(1, coin('ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2', '99'))
      .uint64(4, 2n ** 50n)
      .message(2, page)
      .message(1, coin('uakt', '1000000000000000000000000'))
      .string(3, 'resolve me')
      .finish();
    const withFixed = Uint8Array.from([...message, ...bytes('2901020304050607083501020304')]);
    const decoded = decodeAllBalancesResponse(withFixed);
    assert.deepEqual(decoded.balances, [
      { denom: 'ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2', amount: '99' },
      { denom: 'uakt', amount: '1000000000000000000000000' },
    ]);
    assert.equal(Buffer.from(decoded.nextKey).toString(), 'uact');
    assert.equal(decoded.total, 2n ** 40n);
    assert.deepEqual(decodeAllBalancesResponse(new Uint8Array(0)), { balances: [], nextKey: new Uint8Array(0), total: 0n });
  });

  test('a known field with the wrong wire type is malformed', () => {
    assert.throws(() => decodeAllBalancesResponse(new ProtoWriter().uint64(1, 5).finish()), ProtobufError);
    assert.throws(() => decodeAllBalancesResponse(new ProtoWriter().message(2, new ProtoWriter().uint64(1, 1).finish()).finish()), ProtobufError);
    assert.throws(() => decodeTotalRewardsResponse(new ProtoWriter().uint64(2, 5).finish()), ProtobufError);
  });

  test('DelegationTotalRewards: the total DecCoins, per-validator entries skipped', () => {
    const dec = (denom: string, amount: string) => new ProtoWriter().string(1, denom).string(2, amount).finish();
    const perValidator = new ProtoWriter().string(1, 'akashvaloper1xyz').message(2, dec('uakt', '5')).finish();
    const message = new ProtoWriter().message(1, perValidator).message(2, dec('uakt', '1500000000000000000')).message(2, dec('uact', '0')).finish();
    assert.deepEqual(decodeTotalRewardsResponse(message), [
      { denom: 'uakt', amount: '1500000000000000000' },
      { denom: 'uact', amount: '0' },
    ]);
  });

  test('LegacyDec amounts are scaled by 10^18 and truncate toward zero exactly', () => {
    assert.equal(truncateLegacyDec('1500000000000000000'), 1n);
    assert.equal(truncateLegacyDec('999999999999999999'), 0n);
    assert.equal(truncateLegacyDec('0'), 0n);
    assert.equal(truncateLegacyDec('124455999999999999999'), 124n);
    assert.equal(truncateLegacyDec('123456789012345678901234567890999999999999999999'), 123456789012345678901234567890n);
    for (const bad of ['', '1.5', '-1', '1e18', ' 1', '0x10']) assert.equal(truncateLegacyDec(bad), undefined, bad);
  });
});
