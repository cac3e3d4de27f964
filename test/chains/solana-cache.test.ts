import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair, PublicKey } from '@solana/web3.js';
import { AuthorityType, createSetAuthorityInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { createMemoryDerivationCache, type DerivationCache } from '../../src/chains/derivation-cache.js';
import { ataDerivations, ataKey, isAtaHash, loadAtaDeriver, resolveAtas, type AtaDeriver, type AtaSeeds } from '../../src/chains/solana-keys.js';
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM, TOKEN_PROGRAMS } from '../../src/chains/solana-layout.js';
import { createSolanaReader, type SolanaReadOptions } from '../../src/chains/solana-reader.js';
import type { BalanceRequest, BalanceResult } from '../../src/chains/types.js';
import { openHistory } from '../../src/store/history-db.js';
import type { TokenSpec } from '../../src/plugin-api/types.js';
import { startLitesvmRpc, type LitesvmRpc } from '../helpers/litesvm-rpc.js';
import { chainWithMints, useTempHome, type SolanaTestChain } from '../helpers/solana-fixtures.js';

/** A DerivationCache that records every call made to it. */
function counted(inner: DerivationCache = createMemoryDerivationCache()) {
  const calls = { get: [] as string[][], put: [] as [string, string][][] };
  const cache: DerivationCache = {
    getMany: (keys) => (calls.get.push([...keys]), inner.getMany(keys)),
    putMany: (entries) => (calls.put.push([...entries]), inner.putMany(entries)),
  };
  return { cache, calls, inner };
}

/** loadAtaDeriver with a count of the derivations it made. */
function countingLoader() {
  const count = { loads: 0, derived: 0 };
  const load = async (): Promise<AtaDeriver> => {
    count.loads++;
    const derive = await loadAtaDeriver();
    return (owner, mint, program) => (count.derived++, derive(owner, mint, program));
  };
  return { load, count };
}

const newKey = () => Keypair.generate().publicKey.toBase58();
const splAta = (s: AtaSeeds) => getAssociatedTokenAddressSync(new PublicKey(s.mint), new PublicKey(s.owner), true, new PublicKey(s.program)).toBase58();
const seedsOf = (owners: string[], mints: string[]): AtaSeeds[] =>
  owners.flatMap((owner) => mints.flatMap((mint) => TOKEN_PROGRAMS.map((program) => ({ owner, mint, program }))));
const keyOf = (s: AtaSeeds) => ataKey(s.owner, s.mint, s.program);

describe('resolveAtas: one lookup, derive the misses, one store', () => {
  const owners = Array.from({ length: 5 }, newKey);
  const mints = Array.from({ length: 3 }, newKey);
  const seeds = seedsOf(owners, mints);

  it('derives every address once on a cold store, then a new process derives nothing', async () => {
    const store = counted();
    const first = countingLoader();
    const addresses = await resolveAtas(seeds, { memory: createMemoryDerivationCache(), store: store.cache, load: first.load });
    assert.equal(addresses.size, seeds.length);
    for (const s of seeds) assert.equal(addresses.get(keyOf(s)), splAta(s), 'the address the ATA program uses');
    assert.equal(first.count.derived, seeds.length);
    assert.equal(store.calls.get.length, 1);
    assert.equal(store.calls.get[0].length, seeds.length);
    assert.equal(store.calls.put.length, 1);
    assert.deepEqual(new Map(store.calls.put[0]), addresses);

    // A new process: empty memory, the same store.
    const second = countingLoader();
    const again = await resolveAtas(seeds, { memory: createMemoryDerivationCache(), store: store.cache, load: second.load });
    assert.deepEqual(again, addresses);
    assert.deepEqual(second.count, { loads: 0, derived: 0 }, 'web3.js is not even loaded');
    assert.equal(store.calls.get.length, 2);
    assert.equal(store.calls.put.length, 1, 'nothing to write back');
  });

  it('in one process, memory answers and a store that lacks entries is filled from it', async () => {
    const memory = counted();
    const loader = countingLoader();
    await resolveAtas(seeds, { memory: memory.cache, load: loader.load });
    assert.equal(loader.count.derived, seeds.length);
    const store = counted();
    const addresses = await resolveAtas(seeds, { memory: memory.cache, store: store.cache, load: loader.load });
    assert.equal(loader.count.derived, seeds.length, 'no derivation the second time');
    assert.deepEqual(
      store.calls.put.map((p) => p.length),
      [seeds.length],
    );
    assert.deepEqual(store.inner.getMany(seeds.map(keyOf)), addresses);
    assert.deepEqual(memory.calls.get.length, 2);
  });

  it('re-derives and mends stored entries that are not the hash of their seeds', async () => {
    const store = counted();
    await resolveAtas(seeds, { memory: createMemoryDerivationCache(), store: store.cache });
    const [a, b, c, d] = seeds;
    const poison: [string, string][] = [
      [keyOf(a), newKey()], // a valid address of nothing
      [keyOf(b), splAta(c)], // another owner's or mint's associated account
      [keyOf(c), 'not base58 at all!'],
      [keyOf(d), splAta(d).slice(0, -1)], // truncated
    ];
    store.inner.putMany(poison);
    const loader = countingLoader();
    const addresses = await resolveAtas(seeds, { memory: createMemoryDerivationCache(), store: store.cache, load: loader.load });
    for (const s of seeds) assert.equal(addresses.get(keyOf(s)), splAta(s));
    assert.equal(loader.count.derived, poison.length, 'only the bad entries are derived again');
    assert.deepEqual(
      store.calls.put
        .at(-1)!
        .map(([key]) => key)
        .sort(),
      poison.map(([key]) => key).sort(),
    );
    assert.deepEqual(store.inner.getMany(poison.map(([key]) => key)), new Map(poison.map(([key]) => [key, addresses.get(key)!])));
  });

  it('a store that throws costs time, not the read', async () => {
    const broken: DerivationCache = {
      getMany: () => {
        throw new Error('disk I/O error');
      },
      putMany: () => {
        throw new Error('disk I/O error');
      },
    };
    const loader = countingLoader();
    const addresses = await resolveAtas(seeds, { memory: createMemoryDerivationCache(), store: broken, load: loader.load });
    for (const s of seeds) assert.equal(addresses.get(keyOf(s)), splAta(s));
    assert.equal(loader.count.derived, seeds.length);
  });

  it('isAtaHash accepts the derived address only for its own seeds', () => {
    const s = seeds[0];
    const address = splAta(s);
    assert.equal(isAtaHash(address, s), true);
    assert.equal(isAtaHash(address, { ...s, owner: s.mint, mint: s.owner }), false);
    assert.equal(isAtaHash(address, { ...s, program: s.program === TOKEN_PROGRAM ? TOKEN_2022_PROGRAM : TOKEN_PROGRAM }), false);
    assert.equal(isAtaHash(s.owner, s), false);
    assert.equal(isAtaHash('', s), false);
  });
});

const request = (owner: string, token: TokenSpec): BalanceRequest => ({ chain: 'solana', address: owner, readAddress: owner, token });
const view = (results: BalanceResult[]) =>
  results.map((r) =>
    r.status === 'ok'
      ? `${r.request.readAddress.slice(0, 6)} ${r.request.token.symbol} ${r.raw}`
      : `${r.request.readAddress.slice(0, 6)} ${r.request.token.symbol} ${r.status}: ${r.reason}`,
  );

describe('solana reader with a derivation cache, against LiteSVM', () => {
  let chain: SolanaTestChain;
  let tokens: ReturnType<typeof chainWithMints>['tokens'];
  let rpc: LitesvmRpc;
  let restoreHome: () => void;
  let dir: string;
  const w = Array.from({ length: 3 }, newKey);
  const ataHeld = new Map<string, bigint>();
  let otherNos: string;
  const options = (derivationCache?: DerivationCache): SolanaReadOptions => ({ endpoint: rpc.url, timeoutMs: 5_000, retries: 0, derivationCache });
  const requests = () => w.flatMap((owner) => Object.values(tokens).map((token) => request(owner, token)));
  const expected = () => requests().map((r) => `${r.readAddress.slice(0, 6)} ${r.token.symbol} ${ataHeld.get(`${r.readAddress}|${r.token.mint}`) ?? 0n}`);

  before(async () => {
    restoreHome = useTempHome();
    dir = mkdtempSync(join(tmpdir(), 'depin-solana-cache-'));
    ({ chain, tokens } = chainWithMints());
    const funding = [
      { owner: w[0], mint: tokens.RENDER.mint!, amount: 1_000n },
      { owner: w[0], mint: tokens.NOS.mint!, amount: 2_000n },
      { owner: w[1], mint: tokens.RENDER.mint!, amount: 3_000n },
      { owner: w[1], mint: tokens.T22.mint!, amount: 4_000n },
      { owner: w[2], mint: tokens.HNT.mint!, amount: 5_000n },
    ];
    chain.fund(funding);
    for (const f of funding) ataHeld.set(`${f.owner}|${f.mint}`, f.amount);
    // Same owner, same mint, not the associated account: its owner and mint pass the reader's checks.
    otherNos = chain.mintToNewAccount(w[0], tokens.NOS.mint!, 999n);
    rpc = await startLitesvmRpc(chain.svm);
  });

  after(async () => {
    await rpc.close();
    rmSync(dir, { recursive: true, force: true });
    restoreHome();
  });

  it('one getMany and one putMany per read; a later reader derives nothing and reads the same', async () => {
    const store = counted();
    const before = ataDerivations();
    const first = await createSolanaReader().readBalances(requests(), options(store.cache));
    assert.deepEqual(view(first), expected());
    const pairs = w.length * Object.keys(tokens).length * TOKEN_PROGRAMS.length;
    assert.equal(ataDerivations() - before, pairs);
    assert.deepEqual(
      store.calls.get.map((keys) => keys.length),
      [pairs],
    );
    assert.deepEqual(
      store.calls.put.map((entries) => entries.length),
      [pairs],
    );

    rpc.resetCounts();
    const afterFirst = ataDerivations();
    const second = await createSolanaReader().readBalances(requests(), options(store.cache));
    assert.deepEqual(view(second), expected());
    assert.equal(ataDerivations(), afterFirst, 'every address came from the cache');
    assert.equal(store.calls.get.length, 2);
    assert.equal(store.calls.put.length, 1);
    assert.equal(rpc.counts.httpRequests, 1);
  });

  it('poisoned entries are derived again: right balances, never a wrong address sent, the cache mended', async () => {
    const store = counted();
    await createSolanaReader().readBalances(requests(), options(store.cache));
    const at = (owner: string, token: TokenSpec) => ataKey(owner, token.mint!, TOKEN_PROGRAM);
    const realAta = (owner: string, token: TokenSpec) =>
      getAssociatedTokenAddressSync(new PublicKey(token.mint!), new PublicKey(owner), true, TOKEN_PROGRAM_ID).toBase58();
    const poison: [string, string][] = [
      [at(w[0], tokens.RENDER), realAta(w[1], tokens.RENDER)], // another owner's account: the owner check would catch it
      [at(w[0], tokens.NOS), otherNos], // the owner's other NOS account: owner and mint match, the amount would be wrong
      [at(w[1], tokens.RENDER), newKey()], // nothing there: it would read as zero
      [at(w[2], tokens.HNT), 'garbage'], // would fail the whole batch at the endpoint
    ];
    store.inner.putMany(poison);
    const asked = new Set<string>();
    rpc.failCalls((method, params) => {
      if (method === 'getMultipleAccounts') for (const key of params[0] as string[]) asked.add(key);
      return undefined;
    });
    const before = ataDerivations();
    const results = await createSolanaReader().readBalances(requests(), options(store.cache));
    rpc.failCalls(undefined);
    assert.deepEqual(view(results), expected());
    assert.equal(ataDerivations() - before, poison.length);
    // The first poison is w1's own RENDER account, rightly read for w1; the others are no one's here.
    for (const [, bad] of poison.slice(1)) assert.ok(!asked.has(bad), `${bad} was sent to the endpoint`);
    assert.deepEqual(
      store.calls.put
        .at(-1)!
        .map(([key]) => key)
        .sort(),
      poison.map(([key]) => key).sort(),
    );
    const mended = store.inner.getMany(poison.map(([key]) => key));
    assert.equal(mended.get(at(w[0], tokens.RENDER)), realAta(w[0], tokens.RENDER));
    assert.equal(mended.get(at(w[0], tokens.NOS)), realAta(w[0], tokens.NOS));
  });

  it('an address from the cache gets the same owner and mint checks as a derived one', async () => {
    const holder = Keypair.generate();
    const buyer = newKey();
    const ata = chain.mintToAssociated(holder.publicKey.toBase58(), tokens.IO.mint!, 700n);
    const store = counted();
    await createSolanaReader().readBalances([request(holder.publicKey.toBase58(), tokens.IO)], options(store.cache));
    chain.send([createSetAuthorityInstruction(new PublicKey(ata), holder.publicKey, AuthorityType.AccountOwner, new PublicKey(buyer))], [holder]);
    const before = ataDerivations();
    const [result] = await createSolanaReader().readBalances([request(holder.publicKey.toBase58(), tokens.IO)], options(store.cache));
    assert.equal(ataDerivations(), before, 'the address came from the cache');
    assert.equal(result.status, 'bad-response');
    assert.match((result as { reason: string }).reason, new RegExp(`${ata} now belongs to ${buyer}`));
  });

  it('the history database keeps the addresses across runs, Token-2022 accounts included', async () => {
    const file = join(dir, 'history.db');
    const first = await openHistory(file);
    const before = ataDerivations();
    const read1 = await createSolanaReader().readBalances(requests(), options(first.derivationCache()));
    first.close();
    assert.ok(ataDerivations() > before);
    const t22 = getAssociatedTokenAddressSync(new PublicKey(tokens.T22.mint!), new PublicKey(w[1]), true, TOKEN_2022_PROGRAM_ID).toBase58();

    const second = await openHistory(file);
    assert.equal(
      second
        .derivationCache()
        .getMany([ataKey(w[1], tokens.T22.mint!, TOKEN_2022_PROGRAM)])
        .get(ataKey(w[1], tokens.T22.mint!, TOKEN_2022_PROGRAM)),
      t22,
    );
    const afterFirst = ataDerivations();
    const read2 = await createSolanaReader().readBalances(requests(), options(second.derivationCache()));
    second.close();
    assert.equal(ataDerivations(), afterFirst);
    assert.deepEqual(view(read2), view(read1));
    assert.deepEqual(view(read2), expected());
  });
});
