import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { base58, base64 } from '@scure/base';
import * as viem from 'viem/utils';
import { ERC20_ABI, MULTICALL3_ABI } from '../../src/chains/evm-abi.js';
import { MULTICALL3_ADDRESS } from '../../src/chains/evm-chains.js';
import { encodeCall } from '../../src/chains/evm-reads.js';
import { createMemoryDerivationCache } from '../../src/chains/derivation-cache.js';
import { ataKey, resolveAtas, resolveAtasInOrder, type AtaSeeds } from '../../src/chains/solana-keys.js';
import { decodeBase64, decodeTokenAccount, isSolanaAddress, TOKEN_PROGRAMS } from '../../src/chains/solana-layout.js';

/** What the strict JavaScript codec says of a text: its bytes, or undefined where it refuses it. */
function strict(text: string): Uint8Array | undefined {
  try {
    return base64.decode(text);
  } catch {
    return undefined;
  }
}

describe('the readers’ fast codecs agree with the libraries they stand in for', () => {
  it('decodeBase64 accepts and refuses exactly what strict RFC 4648 base64 does', () => {
    const texts = [
      '',
      'AA==',
      'AAA=',
      'AAAA',
      'AB==', // trailing bits set
      'AAB=', // trailing bits set
      'AA=',
      'A===',
      'AAAA====',
      'AA==AA==',
      'AAAA\n',
      ' AAAA',
      'AA AA',
      '-_-_',
      '+/+/',
      '!!!',
      'AAAAA',
      'QUJD',
      'QUJD=',
    ];
    for (let n = 0; n < 200; n++) {
      const text = randomBytes(n).toString('base64');
      texts.push(text, text.replace(/=+$/, ''), `${text}=`, text.replace(/\+/g, '-'));
    }
    for (const text of texts) {
      const want = strict(text);
      const got = decodeBase64(text);
      assert.deepEqual(got, want, JSON.stringify(text));
      if (got) assert.equal(Object.getPrototypeOf(got), Uint8Array.prototype, 'a plain Uint8Array');
    }
  });

  it('token accounts decode to their own mint and owner, however many were decoded before', () => {
    const keys = Array.from({ length: 50 }, () => randomBytes(32));
    for (let round = 0; round < 2; round++) {
      keys.forEach((mint, i) => {
        const owner = keys[(i + 1) % keys.length];
        const data = Buffer.concat([mint, owner, Buffer.alloc(8), Buffer.alloc(165 - 72)]);
        data.writeBigUInt64LE(BigInt(i), 64);
        // Inside a larger buffer, at an offset, as answers decoded from one response are.
        const outer = Buffer.concat([Buffer.alloc(7), data]);
        const inside = new Uint8Array(outer.buffer, outer.byteOffset + 7, 165);
        assert.deepEqual(decodeTokenAccount(inside), { mint: base58.encode(mint), owner: base58.encode(owner), amount: BigInt(i), initialized: false });
      });
    }
  });

  it('isSolanaAddress gives the same answer the second time', () => {
    const key = randomBytes(32);
    // A trailing '1' multiplies the number by 58: with a first byte of 5 or more that no longer
    // fits in 32 bytes, so `${good}1` is invalid by construction (a small first byte kept it valid).
    key[0] |= 0x80;
    const good = base58.encode(key);
    const texts = [good, '1111', `${good}1`, '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24', '11111111111111111111111111111111'];
    const first = texts.map(isSolanaAddress);
    assert.deepEqual(first, [true, false, false, false, true]);
    assert.deepEqual(texts.map(isSolanaAddress), first);
  });

  it('resolveAtasInOrder answers one address per seed, in order, repeats included, as resolveAtas does', async () => {
    const owners = Array.from({ length: 3 }, () => base58.encode(randomBytes(32)));
    const mint = base58.encode(randomBytes(32));
    const seeds: AtaSeeds[] = owners.flatMap((owner) => TOKEN_PROGRAMS.map((program) => ({ owner, mint, program })));
    seeds.push(seeds[1], seeds[0]);
    // A stand-in deriver: the addresses only have to be told apart.
    const load = async () => (owner: string, _mint: string, program: string) => `${owner.slice(0, 6)}:${program.slice(0, 6)}`;
    const memory = createMemoryDerivationCache();
    const inOrder = await resolveAtasInOrder(seeds, { memory, load });
    assert.deepEqual(
      inOrder,
      seeds.map((s) => `${s.owner.slice(0, 6)}:${s.program.slice(0, 6)}`),
    );
    const byKey = await resolveAtas(seeds, { memory, load });
    assert.equal(byKey.size, seeds.length - 2);
    seeds.forEach((s, i) => assert.equal(byKey.get(ataKey(s.owner, s.mint, s.program)), inOrder[i]));
  });

  it('encodeCall builds the calldata viem’s encodeFunctionData builds, and refuses what it refuses', () => {
    const holder = viem.getAddress(`0x${randomBytes(20).toString('hex')}`);
    const [balanceOf, decimals] = ERC20_ABI;
    const [aggregate3, getEthBalance] = MULTICALL3_ABI;
    for (let round = 0; round < 2; round++) {
      assert.equal(encodeCall(viem, balanceOf, [holder]), viem.encodeFunctionData({ abi: ERC20_ABI, functionName: 'balanceOf', args: [holder] }));
      assert.equal(encodeCall(viem, decimals, []), viem.encodeFunctionData({ abi: ERC20_ABI, functionName: 'decimals' }));
      assert.equal(encodeCall(viem, getEthBalance, [holder]), viem.encodeFunctionData({ abi: MULTICALL3_ABI, functionName: 'getEthBalance', args: [holder] }));
      const calls = [
        { target: holder, allowFailure: true, callData: encodeCall(viem, balanceOf, [holder]) },
        { target: MULTICALL3_ADDRESS, allowFailure: false, callData: '0x' as const },
      ];
      assert.equal(encodeCall(viem, aggregate3, [calls]), viem.encodeFunctionData({ abi: MULTICALL3_ABI, functionName: 'aggregate3', args: [calls] }));
    }
    // EIP-55's example address with one letter's case flipped: its checksum no longer holds, and viem refuses it either way.
    const badChecksum = '0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    assert.equal(viem.isAddress(badChecksum), false);
    assert.equal(viem.isAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), true);
    assert.throws(() => viem.encodeFunctionData({ abi: ERC20_ABI, functionName: 'balanceOf', args: [badChecksum] }));
    assert.throws(() => encodeCall(viem, balanceOf, [badChecksum]));
  });
});
