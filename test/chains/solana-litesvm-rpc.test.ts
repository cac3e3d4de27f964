import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { getAccount, getMint, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, unpackAccount } from '@solana/spl-token';
import { DEFAULT_POLICY, policyFetch } from '../../src/net/http-client.js';
import { solanaReader } from '../../src/chains/solana-reader.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { chainWithMints, REAL_MINTS, useTempHome, type SolanaTestChain } from '../helpers/solana-fixtures.js';

interface ParsedTokenInfo {
  mint: string;
  owner: string;
  state: string;
  tokenAmount: { amount: string; decimals: number; uiAmountString: string };
  extensions?: { extension: string }[];
}

describe('the LiteSVM JSON-RPC adapter, read by the real @solana/web3.js client', () => {
  let chain: SolanaTestChain;
  let tokens: ReturnType<typeof chainWithMints>['tokens'];
  let rpc: LitesvmRpc;
  let connection: Connection;
  let restoreHome: () => void;
  let renderAta: string;
  let extraAccount: string;
  const owner = Keypair.generate().publicKey;

  before(async () => {
    restoreHome = useTempHome();
    ({ chain, tokens } = chainWithMints());
    const o = owner.toBase58();
    [renderAta] = chain.fund([
      { owner: o, mint: tokens.RENDER.mint!, amount: 1_050_000_000n },
      { owner: o, mint: tokens.NOS.mint!, amount: 12_000_000n },
      { owner: o, mint: tokens.T22.mint!, amount: 250_000n },
    ]);
    extraAccount = chain.mintToNewAccount(o, tokens.RENDER.mint!, 25n);
    rpc = await startLitesvmRpc(chain.svm);
    connection = new Connection(rpc.url, { commitment: 'confirmed', fetch: policyFetch({ ...DEFAULT_POLICY, retries: 0 }) as never });
  });

  after(async () => {
    await rpc.close();
    restoreHome();
  });

  it('answers getTokenAccountsByOwner in jsonParsed form, under each token program', async () => {
    const classic = await connection.getParsedTokenAccountsByOwner(owner, { programId: TOKEN_PROGRAM_ID });
    const infos = classic.value.map(({ pubkey, account }) => {
      assert.equal(account.owner.toBase58(), TOKEN_PROGRAM_ID.toBase58());
      assert.equal(account.data.program, 'spl-token');
      return { pubkey: pubkey.toBase58(), info: account.data.parsed.info as ParsedTokenInfo };
    });
    const byAddress = new Map(infos.map(({ pubkey, info }) => [pubkey, info]));
    assert.equal(byAddress.size, 3);
    assert.deepEqual(byAddress.get(renderAta)?.tokenAmount, { amount: '1050000000', decimals: 8, uiAmount: 10.5, uiAmountString: '10.5' });
    assert.equal(byAddress.get(extraAccount)?.tokenAmount.amount, '25');
    for (const { info } of infos) {
      assert.equal(info.owner, owner.toBase58());
      assert.equal(info.state, 'initialized');
    }
    const t22 = await connection.getParsedTokenAccountsByOwner(owner, { programId: TOKEN_2022_PROGRAM_ID });
    assert.equal(t22.value.length, 1);
    const info = t22.value[0].account.data.parsed.info as ParsedTokenInfo;
    assert.equal(t22.value[0].account.data.program, 'spl-token-2022');
    assert.equal(info.mint, tokens.T22.mint);
    assert.equal(info.tokenAmount.amount, '250000');
    assert.deepEqual(info.extensions, [{ extension: 'immutableOwner' }]);
  });

  it('answers getTokenAccountsByOwner with a mint filter in base64, which spl-token decodes', async () => {
    const { value } = await connection.getTokenAccountsByOwner(owner, { mint: new PublicKey(tokens.RENDER.mint!) });
    const amounts = value.map(({ pubkey, account }) => unpackAccount(pubkey, account, TOKEN_PROGRAM_ID).amount).sort((a, b) => (a < b ? -1 : 1));
    assert.deepEqual(amounts, [25n, 1_050_000_000n]);
    await assert.rejects(connection.getTokenAccountsByOwner(owner, { mint: Keypair.generate().publicKey }), /could not find mint/);
  });

  it('serves accounts, mints, balances and chain identity as the client expects', async () => {
    const account = await getAccount(connection, new PublicKey(renderAta));
    assert.equal(account.amount, 1_050_000_000n);
    assert.equal(account.owner.toBase58(), owner.toBase58());
    const mint = await getMint(connection, new PublicKey(REAL_MINTS.NOS.mint));
    assert.equal(mint.decimals, 6);
    assert.equal(mint.supply, 12_000_000n);
    assert.equal(mint.mintAuthority?.toBase58(), chain.mintAuthority.publicKey.toBase58());
    const missing = Keypair.generate().publicKey;
    const infos = await connection.getMultipleAccountsInfo([new PublicKey(renderAta), missing]);
    assert.equal(infos[0]?.owner.toBase58(), TOKEN_PROGRAM_ID.toBase58());
    assert.equal(infos[1], null);
    assert.equal(BigInt(await connection.getBalance(chain.payer.publicKey)), chain.svm.getBalance(chain.payer.publicKey.toBase58() as never));
    assert.equal(await connection.getBalance(missing), 0);
    assert.equal(await connection.getGenesisHash(), await connection.getGenesisHash());
    assert.ok((await connection.getSlot()) >= 0);
    assert.match((await connection.getVersion())['solana-core'], /^litesvm-\d+\.\d+\.\d+$/);
  });

  it('agrees with the reader: what the client lists, the reader sums', async () => {
    const classic = await connection.getParsedTokenAccountsByOwner(owner, { mint: new PublicKey(tokens.RENDER.mint!) });
    const listed = classic.value.reduce((sum, { account }) => sum + BigInt((account.data.parsed.info as ParsedTokenInfo).tokenAmount.amount), 0n);
    const [scan] = await solanaReader.readBalances([{ chain: 'solana', address: owner.toBase58(), readAddress: owner.toBase58(), token: tokens.RENDER }], {
      endpoint: rpc.url,
      retries: 0,
      mode: 'scan',
    });
    assert.equal(scan.status === 'ok' && scan.raw, listed);
    assert.equal(listed, 1_050_000_025n);
  });

  it('answers batches, unknown methods and parse errors in JSON-RPC form', async () => {
    const post = async (body: string) => (await fetch(rpc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
    const batch = (await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'getHealth' },
        { jsonrpc: '2.0', id: 'b', method: 'getAccountInfo', params: [renderAta, { encoding: 'jsonParsed' }] },
        { jsonrpc: '2.0', id: 'c', method: 'noSuchMethod', params: [] },
      ]),
    )) as { id: string; result?: unknown; error?: { code: number } }[];
    assert.deepEqual(batch[0], { jsonrpc: '2.0', result: 'ok', id: 'a' });
    assert.equal((batch[1].result as { value: { data: { parsed: { type: string } } } }).value.data.parsed.type, 'account');
    assert.equal(batch[2].error?.code, -32601);
    assert.deepEqual(await post('{"jsonrpc":'), { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    const tooMany = (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getMultipleAccounts', params: [Array(101).fill(renderAta)] }))) as {
      error: { code: number };
    };
    assert.equal(tooMany.error.code, -32602);
  });
});
