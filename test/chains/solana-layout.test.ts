import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PublicKey } from '@solana/web3.js';
import { AccountLayout, MintLayout } from '@solana/spl-token';
import { decodeMint, decodeTokenAccount, isSolanaAddress, readRpcAccount, tokenAccountOf, TOKEN_PROGRAM } from '../../src/chains/solana-layout.js';
import { REAL_MINTS } from '../helpers/solana-fixtures.js';

const owner = new PublicKey('9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM');

function tokenAccountBytes(amount: bigint): Buffer {
  const data = Buffer.alloc(165);
  AccountLayout.encode(
    {
      mint: new PublicKey(REAL_MINTS.HNT.mint),
      owner,
      amount,
      delegateOption: 0,
      delegate: PublicKey.default,
      state: 1,
      isNativeOption: 0,
      isNative: 0n,
      delegatedAmount: 0n,
      closeAuthorityOption: 0,
      closeAuthority: PublicKey.default,
    },
    data,
  );
  return data;
}

describe('solana account layouts', () => {
  it('tells Solana addresses from look-alikes', () => {
    for (const { mint } of Object.values(REAL_MINTS)) assert.equal(isSolanaAddress(mint), true, mint);
    assert.equal(isSolanaAddress('11111111111111111111111111111111'), true);
    // The bogus IOT mint seen in the wild holds an `l`, outside base58.
    assert.equal(isSolanaAddress('iotEVVZLEyWo6EhDCJfzMYYcelFf8kUAkn52QOkC6zb'), false);
    assert.equal(isSolanaAddress('0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24'), false);
    assert.equal(isSolanaAddress('1111'), false);
    assert.equal(isSolanaAddress(`${REAL_MINTS.HNT.mint}1`), false);
  });

  it('decodes a token account written by spl-token, amount as an exact u64', () => {
    const decoded = decodeTokenAccount(tokenAccountBytes(2n ** 64n - 1n));
    assert.deepEqual(decoded, { mint: REAL_MINTS.HNT.mint, owner: owner.toBase58(), amount: 18_446_744_073_709_551_615n, initialized: true });
    assert.match(String(decodeTokenAccount(new Uint8Array(82))), /not a token account \(82 bytes\)/);
    // Token-2022 extended account: base layout, then the account-type byte 2 at offset 165.
    const extended = Buffer.concat([tokenAccountBytes(7n), Buffer.from([2, 7, 0, 0, 0])]);
    assert.equal((decodeTokenAccount(extended) as { amount: bigint }).amount, 7n);
    assert.match(String(decodeTokenAccount(Buffer.concat([tokenAccountBytes(7n), Buffer.from([1])]))), /not a token account/);
  });

  it('decodes a mint written by spl-token', () => {
    const data = Buffer.alloc(82);
    MintLayout.encode(
      {
        mintAuthorityOption: 0,
        mintAuthority: PublicKey.default,
        supply: 10n ** 18n,
        decimals: 8,
        isInitialized: true,
        freezeAuthorityOption: 0,
        freezeAuthority: PublicKey.default,
      },
      data,
    );
    assert.deepEqual(decodeMint(data), { supply: 10n ** 18n, decimals: 8, initialized: true });
    assert.match(String(decodeMint(new Uint8Array(165))), /not a mint/);
  });

  it('reads RPC account objects and refuses malformed ones with a reason', () => {
    const good = {
      data: [tokenAccountBytes(5n).toString('base64'), 'base64'],
      executable: false,
      lamports: 2039280,
      owner: TOKEN_PROGRAM,
      rentEpoch: 0,
      space: 165,
    };
    const account = readRpcAccount(good);
    assert.ok(account && typeof account === 'object');
    assert.equal((tokenAccountOf(account) as { amount: bigint }).amount, 5n);
    assert.equal(readRpcAccount(null), null);
    assert.match(String(readRpcAccount({ ...good, owner: 'x' })), /owner is not an address/);
    assert.match(String(readRpcAccount({ ...good, lamports: 1.5 })), /lamports/);
    assert.match(String(readRpcAccount({ ...good, data: ['!!!', 'base64'] })), /not valid base64/);
    assert.match(String(readRpcAccount({ ...good, data: ['abc', 'base58'] })), /not base64/);
    const parsed = readRpcAccount({
      ...good,
      data: {
        program: 'spl-token',
        parsed: {
          type: 'account',
          info: { mint: REAL_MINTS.HNT.mint, owner: owner.toBase58(), state: 'initialized', tokenAmount: { amount: '1.5', decimals: 8 } },
        },
        space: 165,
      },
    });
    assert.match(String(tokenAccountOf(parsed as never)), /not an integer string/);
  });
});
