import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  AccountLayout,
  AuthorityType,
  createSetAuthorityInstruction,
  getAssociatedTokenAddressSync,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { createSolanaReader, solanaReader, type SolanaReadOptions } from '../../src/chains/solana-reader.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import { formatUnits } from '../../src/core/amount.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { chainWithMints, tokenSpec, useTempHome, type SolanaTestChain } from '../helpers/solana-fixtures.js';

const request = (owner: string, token: TokenSpec): BalanceRequest => ({ chain: 'solana', address: owner, readAddress: owner, token });
const okRaw = (result: BalanceResult): bigint => {
  assert.equal(result.status, 'ok', `${result.request.token.symbol} of ${result.request.address}: ${result.status !== 'ok' ? result.reason : ''}`);
  return (result as Extract<BalanceResult, { status: 'ok' }>).raw;
};

describe('solana reader against the real token programs in LiteSVM', () => {
  let chain: SolanaTestChain;
  let tokens: ReturnType<typeof chainWithMints>['tokens'];
  let rpc: LitesvmRpc;
  let restoreHome: () => void;
  const w = Array.from({ length: 4 }, () => Keypair.generate().publicKey.toBase58());
  // An owner off the ed25519 curve (a program-derived address), as vaults and multisigs are.
  const pda = PublicKey.findProgramAddressSync([Buffer.from('vault')], TOKEN_PROGRAM_ID)[0].toBase58();
  let extraRender: string;
  const options = (): SolanaReadOptions => ({ endpoint: rpc.url, timeoutMs: 5_000, retries: 0 });

  before(async () => {
    restoreHome = useTempHome();
    ({ chain, tokens } = chainWithMints());
    chain.fund([
      { owner: w[0], mint: tokens.RENDER.mint!, amount: 123_456_789_012n },
      { owner: w[0], mint: tokens.IO.mint!, amount: 5n },
      { owner: w[0], mint: tokens.HNT.mint!, amount: 42n * 10n ** 8n },
      { owner: w[0], mint: tokens.NOS.mint!, amount: 7_000_001n },
      // Beyond 2^53: a float anywhere on the way would lose the last digits.
      { owner: w[1], mint: tokens.RENDER.mint!, amount: 2n ** 63n + 12_345n },
      { owner: w[1], mint: tokens.HNT.mint!, amount: 1n },
      { owner: w[2], mint: tokens.T22.mint!, amount: 999_999n },
      { owner: w[2], mint: tokens.NOS.mint!, amount: 3_000_000n },
      { owner: pda, mint: tokens.IO.mint!, amount: 77n * 10n ** 8n },
    ]);
    extraRender = chain.mintToNewAccount(w[0], tokens.RENDER.mint!, 500_000_000n);
    rpc = await startLitesvmRpc(chain.svm);
  });

  after(async () => {
    await rpc.close();
    restoreHome();
  });

  it('reads exact balances of several wallets in the four real mints and a Token-2022 mint, in one HTTP request', async () => {
    const all = Object.values(tokens);
    const requests = [...w, pda].flatMap((owner) => all.map((token) => request(owner, token)));
    rpc.resetCounts();
    const results = await solanaReader.readBalances(requests, options());
    assert.equal(results.length, requests.length);
    results.forEach((result, i) => {
      assert.equal(result.request, requests[i]);
      const { readAddress: owner, token } = result.request;
      // ATA mode reads associated accounts only: w0's second RENDER account is not among them.
      const expected = chain.minted(owner, token.mint!) - (owner === w[0] && token.symbol === 'RENDER' ? 500_000_000n : 0n);
      assert.equal(okRaw(result), expected, `${token.symbol} of ${owner}`);
      assert.equal((result as { decimals: number }).decimals, token.decimals);
    });
    const at = (owner: string, symbol: string) => results.find((r) => r.request.readAddress === owner && r.request.token.symbol === symbol)!;
    assert.equal(okRaw(at(w[0], 'RENDER')), 123_456_789_012n);
    assert.equal(formatUnits(okRaw(at(w[0], 'RENDER')), 8), '1234.56789012');
    assert.equal(okRaw(at(w[1], 'RENDER')), 9_223_372_036_854_788_153n);
    assert.equal(formatUnits(okRaw(at(w[0], 'NOS')), 6), '7.000001');
    assert.equal(okRaw(at(pda, 'IO')), 7_700_000_000n);
    assert.deepEqual(rpc.counts.methods, { getMultipleAccounts: 1 });
    assert.equal(rpc.counts.httpRequests, 1);
  });

  it('reads a Token-2022 associated account, whose extended layout the ATA program gave it', async () => {
    const ata = getAssociatedTokenAddressSync(new PublicKey(tokens.T22.mint!), new PublicKey(w[2]), false, TOKEN_2022_PROGRAM_ID);
    const account = chain.svm.getAccount(ata.toBase58() as never);
    assert.ok(account.exists);
    assert.equal(account.programAddress, TOKEN_2022_PROGRAM_ID.toBase58());
    assert.ok(account.data.length > 165, 'Token-2022 ATAs carry the ImmutableOwner extension');
    const [result] = await solanaReader.readBalances([request(w[2], tokens.T22)], options());
    assert.equal(okRaw(result), 999_999n);
    assert.equal(formatUnits(okRaw(result), 6), '0.999999');
  });

  it('reads an owner without any account as an honest zero, in both modes', async () => {
    for (const mode of ['ata', 'scan'] as const) {
      const results = await solanaReader.readBalances(
        Object.values(tokens).map((token) => request(w[3], token)),
        { ...options(), mode },
      );
      assert.deepEqual(results.map(okRaw), [0n, 0n, 0n, 0n, 0n], mode);
    }
  });

  it('scan mode sums the associated and the other token accounts of one mint', async () => {
    assert.ok(chain.svm.getAccount(extraRender as never).exists);
    rpc.resetCounts();
    const requests = [...w, pda].flatMap((owner) => Object.values(tokens).map((token) => request(owner, token)));
    const results = await solanaReader.readBalances(requests, { ...options(), mode: 'scan' });
    for (const result of results) assert.equal(okRaw(result), chain.minted(result.request.readAddress, result.request.token.mint!));
    assert.equal(okRaw(results[0]), 123_456_789_012n + 500_000_000n);
    assert.deepEqual(rpc.counts.methods, { getMultipleAccounts: 1, getTokenAccountsByOwner: 10 });
    assert.equal(rpc.counts.httpRequests, 1);
  });

  it('reads native SOL from the owner account, zero where the account does not exist', async () => {
    const sol: TokenSpec = { symbol: 'SOL', chain: 'solana', native: true, decimals: 9 };
    const payer = chain.payer.publicKey.toBase58();
    const [funded, empty] = await solanaReader.readBalances([request(payer, sol), request(w[3], sol)], options());
    assert.equal(okRaw(funded), chain.svm.getBalance(payer as never));
    assert.ok(okRaw(funded) > 0n);
    assert.equal(okRaw(empty), 0n);
  });

  it('keeps the HTTP request count flat from 1 to 100 wallets', async () => {
    const many = Array.from({ length: 100 }, () => Keypair.generate().publicKey.toBase58());
    chain.fund(many.map((owner, i) => ({ owner, mint: i % 2 ? tokens.RENDER.mint! : tokens.T22.mint!, amount: BigInt(i + 1) * 1_000_003n })));
    const all = Object.values(tokens);
    const counts: Record<string, number> = {};
    for (const [label, owners, mode] of [
      ['ata×1', many.slice(0, 1), 'ata'],
      ['ata×100', many, 'ata'],
      ['scan×100', many, 'scan'],
    ] as const) {
      rpc.resetCounts();
      const results = await solanaReader.readBalances(
        owners.flatMap((owner) => all.map((token) => request(owner, token))),
        { ...options(), mode },
      );
      for (const result of results) assert.equal(okRaw(result), chain.minted(result.request.readAddress, result.request.token.mint!));
      counts[label] = rpc.counts.httpRequests;
    }
    // 100 wallets × 5 mints × 2 token programs = 1,000 derived accounts + 5 mints: 11 calls, one HTTP request.
    assert.equal(counts['ata×1'], 1);
    assert.equal(counts['ata×100'], 1);
    // Scan mode makes 201 calls, 50 per HTTP request.
    assert.equal(counts['scan×100'], 5);
  });

  it('splits a batch by the configured limits and puts every answer back in place', async () => {
    const reader = createSolanaReader({ limits: { maxCallsPerRequest: 1 } });
    const owners = Array.from({ length: 30 }, () => Keypair.generate().publicKey.toBase58());
    chain.fund(owners.map((owner, i) => ({ owner, mint: tokens.HNT.mint!, amount: BigInt(i) * 10n + 1n })));
    rpc.resetCounts();
    const results = await reader.readBalances(
      owners.flatMap((owner) => [request(owner, tokens.HNT), request(owner, tokens.NOS)]),
      options(),
    );
    results.forEach((result, i) => assert.equal(okRaw(result), i % 2 ? 0n : BigInt(i / 2) * 10n + 1n));
    // 2 mints + 30 × 2 × 2 derived accounts = 122 keys: calls of 100 and 22 keys, one per request.
    assert.deepEqual([rpc.counts.calls, rpc.counts.httpRequests], [2, 2]);
    rpc.resetCounts();
    const scan = await reader.readBalances(
      owners.slice(0, 3).map((owner) => request(owner, tokens.HNT)),
      { ...options(), mode: 'scan' },
    );
    assert.deepEqual(scan.map(okRaw), [1n, 11n, 21n]);
    assert.deepEqual([rpc.counts.calls, rpc.counts.httpRequests], [7, 7]);
  });

  it('fails only the requests whose accounts were in a call that came back with an error', async () => {
    const owners = Array.from({ length: 60 }, () => Keypair.generate().publicKey.toBase58());
    chain.fund(owners.map((owner, i) => ({ owner, mint: tokens.IO.mint!, amount: BigInt(i + 1) })));
    const mints = new Set(Object.values(tokens).map((t) => t.mint!));
    let failedKeys = new Set<string>();
    // The second getMultipleAccounts call holds derived accounts only (the mints come first).
    let seen = 0;
    rpc.failCalls((method, params) => {
      if (method !== 'getMultipleAccounts' || seen++ !== 1) return undefined;
      failedKeys = new Set(params[0] as string[]);
      return { code: -32000, message: 'injected failure' };
    });
    try {
      const requests = owners.flatMap((owner) => [request(owner, tokens.IO), request(owner, tokens.T22)]);
      const results = await solanaReader.readBalances(requests, options());
      assert.ok(failedKeys.size === 100 && ![...failedKeys].some((key) => mints.has(key)));
      let failed = 0;
      for (const result of results) {
        const { readAddress: owner, token } = result.request;
        const atas = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID].map((p) =>
          getAssociatedTokenAddressSync(new PublicKey(token.mint!), new PublicKey(owner), true, p).toBase58(),
        );
        if (atas.some((ata) => failedKeys.has(ata))) {
          failed++;
          assert.equal(result.status, 'bad-response');
          assert.match((result as { reason: string }).reason, /^127\.0\.0\.1:\d+: RPC error -32000: injected failure$/);
        } else {
          assert.equal(okRaw(result), chain.minted(owner, token.mint!));
        }
      }
      assert.ok(failed > 0 && failed < results.length, `${failed} of ${results.length} failed`);

      // Scan mode: one owner's Token program call fails; its Token-2022 balance and other owners still read.
      rpc.failCalls((method, params) =>
        method === 'getTokenAccountsByOwner' && params[0] === owners[0] && (params[1] as { programId: string }).programId === TOKEN_PROGRAM_ID.toBase58()
          ? { code: -32005, message: 'Node is behind' }
          : undefined,
      );
      const scan = await solanaReader.readBalances([request(owners[0], tokens.IO), request(owners[0], tokens.T22), request(owners[1], tokens.IO)], {
        ...options(),
        mode: 'scan',
      });
      assert.equal(scan[0].status, 'unreachable');
      assert.match((scan[0] as { reason: string }).reason, /RPC error -32005: Node is behind/);
      assert.equal(okRaw(scan[1]), 0n);
      assert.equal(okRaw(scan[2]), 2n);
    } finally {
      rpc.failCalls(undefined);
    }
  });

  it('tags requests it cannot serve and mints the endpoint does not know, without zeros', async () => {
    const absent = tokenSpec('GRASS', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', 9);
    const wrongDecimals = { ...tokens.RENDER, decimals: 18 };
    const bogusIot = tokenSpec('IOT', 'iotEVVZLEyWo6EhDCJfzMYYcelFf8kUAkn52QOkC6zb', 6);
    const eth: BalanceRequest = {
      chain: 'ethereum',
      address: '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24',
      readAddress: '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24',
      token: { symbol: 'RNDR', chain: 'ethereum', decimals: 18 },
    };
    rpc.resetCounts();
    const results = await solanaReader.readBalances(
      [
        request(w[0], absent),
        request(w[0], wrongDecimals),
        request(w[0], bogusIot),
        request('not-an-address', tokens.RENDER),
        eth,
        request(w[0], tokens.RENDER),
      ],
      options(),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['wrong-chain', 'bad-response', 'wrong-chain', 'wrong-chain', 'wrong-chain', 'ok'],
    );
    assert.match((results[0] as { reason: string }).reason, /mint Grass7B4\S+ does not exist on 127\.0\.0\.1:\d+/);
    assert.match((results[1] as { reason: string }).reason, /has 8 decimals on 127\.0\.0\.1:\d+, the token spec says 18/);
    assert.match((results[2] as { reason: string }).reason, /IOT has no valid Solana mint/);
    assert.equal(rpc.counts.httpRequests, 1);
    assert.deepEqual(await solanaReader.readBalances([request('nope', tokens.IO)], options()).then((r) => r.map((x) => x.status)), ['wrong-chain']);
    assert.equal(rpc.counts.httpRequests, 1, 'nothing readable: no request sent');
  });

  it('refuses a mint whose real decimals differ from the spec, fewer or more, in both read modes', async () => {
    // A 9-decimal mint declared as 6 would read 1000x too large; declared as 12, 1000x too small.
    const mint = Keypair.generate().publicKey.toBase58();
    const owner = Keypair.generate().publicKey.toBase58();
    chain.placeMint(mint, 9);
    chain.fund([{ owner, mint, amount: 2_500_000_000n }]); // 2.5 tokens at 9 decimals
    const spec = (decimals: number) => tokenSpec('NINE', mint, decimals);
    for (const mode of ['ata', 'scan'] as const) {
      const results = await solanaReader.readBalances([request(owner, spec(6)), request(owner, spec(12)), request(owner, spec(9))], { ...options(), mode });
      assert.deepEqual(
        results.map((r) => r.status),
        ['bad-response', 'bad-response', 'ok'],
        `${mode}: ${JSON.stringify(results.map((r) => (r.status === 'ok' ? String(r.raw) : r.reason)))}`,
      );
      assert.match((results[0] as { reason: string }).reason, /has 9 decimals on 127\.0\.0\.1:\d+, the token spec says 6/);
      assert.match((results[1] as { reason: string }).reason, /has 9 decimals on 127\.0\.0\.1:\d+, the token spec says 12/);
      assert.equal(okRaw(results[2]), 2_500_000_000n);
      assert.equal(formatUnits(okRaw(results[2]), 9), '2.5');
    }
  });

  it('refuses an associated account whose owner was reassigned or whose data holds another mint', async () => {
    const holder = Keypair.generate();
    const buyer = Keypair.generate().publicKey;
    const ata = new PublicKey(chain.mintToAssociated(holder.publicKey.toBase58(), tokens.RENDER.mint!, 900n));
    // Classic Token accounts can change owner: the wallet no longer owns what sits at its ATA address.
    chain.send([createSetAuthorityInstruction(ata, holder.publicKey, AuthorityType.AccountOwner, buyer)], [holder]);
    const [ataRead] = await solanaReader.readBalances([request(holder.publicKey.toBase58(), tokens.RENDER)], options());
    assert.equal(ataRead.status, 'bad-response');
    assert.match((ataRead as { reason: string }).reason, new RegExp(`${ata.toBase58()} now belongs to ${buyer.toBase58()}`));
    const scan = await solanaReader.readBalances([request(holder.publicKey.toBase58(), tokens.RENDER), request(buyer.toBase58(), tokens.RENDER)], {
      ...options(),
      mode: 'scan',
    });
    assert.deepEqual(scan.map(okRaw), [0n, 900n]);

    // A state no instruction can reach: the account at the RENDER ATA address holds IO.
    const victim = Keypair.generate().publicKey;
    const renderAta = getAssociatedTokenAddressSync(new PublicKey(tokens.RENDER.mint!), victim);
    const data = Buffer.alloc(165);
    AccountLayout.encode(
      {
        mint: new PublicKey(tokens.IO.mint!),
        owner: victim,
        amount: 5n,
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
    chain.svm.setAccount({
      address: renderAta.toBase58(),
      lamports: 2_039_280n,
      data,
      programAddress: TOKEN_PROGRAM_ID.toBase58(),
      executable: false,
      space: 165n,
    } as never);
    const [wrongMint] = await solanaReader.readBalances([request(victim.toBase58(), tokens.RENDER)], options());
    assert.equal(wrongMint.status, 'bad-response');
    assert.match((wrongMint as { reason: string }).reason, new RegExp(`${renderAta.toBase58()} holds ${tokens.IO.mint}`));
  });
});
