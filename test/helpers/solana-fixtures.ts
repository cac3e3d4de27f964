import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair, PublicKey, SystemProgram, Transaction, type TransactionInstruction } from '@solana/web3.js';
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeAccount3Instruction,
  createInitializeMint2Instruction,
  createInitializeMintCloseAuthorityInstruction,
  createMintToInstruction,
  ExtensionType,
  getAssociatedTokenAddressSync,
  getMintLen,
  ACCOUNT_SIZE,
  MINT_SIZE,
  MintLayout,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from '@solana/spl-token';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import type { TokenSpec } from '../../src/plugin-api/types.js';

type Address = Parameters<LiteSVM['getAccount']>[0];
type SvmTransaction = Parameters<LiteSVM['sendTransaction']>[0];
type SvmAccount = Parameters<LiteSVM['setAccount']>[0];

// Eight account creations with their mints fit one transaction's 1,232 bytes and compute budget.
const FUNDINGS_PER_TRANSACTION = 8;

/** Real mainnet mints (addresses and decimals from the network reference) recreated on the test chain. */
export const REAL_MINTS = {
  RENDER: { mint: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof', decimals: 8 },
  IO: { mint: 'BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K', decimals: 8 },
  HNT: { mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux', decimals: 8 },
  NOS: { mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', decimals: 6 },
} as const;

export const tokenSpec = (symbol: string, mint: string, decimals: number): TokenSpec => ({ symbol, chain: 'solana', mint, decimals });

/**
 * A LiteSVM chain with token mints and accounts made by the real Token, Token-2022 and Associated Token
 * Account programs. It keeps a ledger of what it minted to whom, for tests to compare reads against.
 */
export class SolanaTestChain {
  readonly svm = new LiteSVM().withTransactionHistory(0n);
  readonly payer = Keypair.generate();
  readonly mintAuthority = Keypair.generate();
  private readonly programs = new Map<string, PublicKey>();
  private readonly ledger = new Map<string, bigint>();

  constructor() {
    this.svm.airdrop(this.payer.publicKey.toBase58() as Address, 1_000_000_000_000n as Parameters<LiteSVM['airdrop']>[1]);
  }

  /** Places an initialized mint at an address nobody here holds the key of (a real mainnet mint), under a token program. */
  placeMint(mint: string, decimals: number, programId: PublicKey = TOKEN_PROGRAM_ID): void {
    const data = Buffer.alloc(MINT_SIZE);
    MintLayout.encode(
      {
        mintAuthorityOption: 1,
        mintAuthority: this.mintAuthority.publicKey,
        supply: 0n,
        decimals,
        isInitialized: true,
        freezeAuthorityOption: 0,
        freezeAuthority: PublicKey.default,
      },
      data,
    );
    this.setAccount(mint, programId, data);
    this.programs.set(mint, programId);
  }

  /** Creates a Token-2022 mint with the MintCloseAuthority extension, through the program's own instructions. */
  createToken2022Mint(decimals: number): string {
    const mint = Keypair.generate();
    const space = getMintLen([ExtensionType.MintCloseAuthority]);
    this.send(
      [
        SystemProgram.createAccount({
          fromPubkey: this.payer.publicKey,
          newAccountPubkey: mint.publicKey,
          space,
          lamports: this.rent(space),
          programId: TOKEN_2022_PROGRAM_ID,
        }),
        createInitializeMintCloseAuthorityInstruction(mint.publicKey, this.mintAuthority.publicKey, TOKEN_2022_PROGRAM_ID),
        createInitializeMint2Instruction(mint.publicKey, decimals, this.mintAuthority.publicKey, null, TOKEN_2022_PROGRAM_ID),
      ],
      [mint],
    );
    this.programs.set(mint.publicKey.toBase58(), TOKEN_2022_PROGRAM_ID);
    return mint.publicKey.toBase58();
  }

  /**
   * Creates (if needed) each owner's associated token account and mints into it, several owners per
   * transaction (signing dominates the cost of a transaction here). Returns the accounts, in order.
   */
  fund(entries: { owner: string; mint: string; amount: bigint }[]): string[] {
    const accounts: string[] = [];
    for (let start = 0; start < entries.length; start += FUNDINGS_PER_TRANSACTION) {
      const instructions = entries.slice(start, start + FUNDINGS_PER_TRANSACTION).flatMap(({ owner, mint, amount }) => {
        const programId = this.programOf(mint);
        const ownerKey = new PublicKey(owner);
        const mintKey = new PublicKey(mint);
        const ata = getAssociatedTokenAddressSync(mintKey, ownerKey, true, programId, ASSOCIATED_TOKEN_PROGRAM_ID);
        accounts.push(ata.toBase58());
        return [
          createAssociatedTokenAccountIdempotentInstruction(this.payer.publicKey, ata, ownerKey, mintKey, programId),
          createMintToInstruction(mintKey, ata, this.mintAuthority.publicKey, amount, [], programId),
        ];
      });
      this.send(instructions);
    }
    for (const { owner, mint, amount } of entries) this.record(owner, mint, amount);
    return accounts;
  }

  /** Creates (if needed) the owner's associated token account and mints into it. Returns the account. */
  mintToAssociated(owner: string, mint: string, amount: bigint): string {
    return this.fund([{ owner, mint, amount }])[0];
  }

  /** Creates a token account at a fresh address (not the associated one) for the owner and mints into it. */
  mintToNewAccount(owner: string, mint: string, amount: bigint): string {
    const programId = this.programOf(mint);
    const account = Keypair.generate();
    this.send(
      [
        SystemProgram.createAccount({
          fromPubkey: this.payer.publicKey,
          newAccountPubkey: account.publicKey,
          space: ACCOUNT_SIZE,
          lamports: this.rent(ACCOUNT_SIZE),
          programId,
        }),
        createInitializeAccount3Instruction(account.publicKey, new PublicKey(mint), new PublicKey(owner), programId),
        createMintToInstruction(new PublicKey(mint), account.publicKey, this.mintAuthority.publicKey, amount, [], programId),
      ],
      [account],
    );
    this.record(owner, mint, amount);
    return account.publicKey.toBase58();
  }

  /** What this chain minted to the owner in that mint, over all of the owner's accounts. */
  minted(owner: string, mint: string): bigint {
    return this.ledger.get(`${owner}|${mint}`) ?? 0n;
  }

  programOf(mint: string): PublicKey {
    const programId = this.programs.get(mint);
    if (!programId) throw new Error(`no mint ${mint} on this chain`);
    return programId;
  }

  /** Signs with the payer and mint authority (plus extra signers) and runs the transaction; throws with the logs if it fails. */
  send(instructions: TransactionInstruction[], signers: Keypair[] = []): void {
    const tx = new Transaction({ feePayer: this.payer.publicKey, recentBlockhash: this.svm.latestBlockhash() }).add(...instructions);
    const message = tx.compileMessage();
    const needed = new Set(message.accountKeys.slice(0, message.header.numRequiredSignatures).map((k) => k.toBase58()));
    tx.sign(...[this.payer, this.mintAuthority, ...signers].filter((k) => needed.has(k.publicKey.toBase58())));
    // LiteSVM takes @solana/kit transactions: the message bytes and the signatures in signer order.
    const signatures = Object.fromEntries(tx.signatures.map((s) => [s.publicKey.toBase58(), s.signature ? new Uint8Array(s.signature) : null]));
    const result = this.svm.sendTransaction({ messageBytes: new Uint8Array(tx.serializeMessage()), signatures } as unknown as SvmTransaction);
    if (result instanceof FailedTransactionMetadata) throw new Error(`transaction failed: ${String(result.err())}\n${result.meta().logs().join('\n')}`);
  }

  private rent(space: number): number {
    return Number(this.svm.minimumBalanceForRentExemption(BigInt(space)));
  }

  private setAccount(address: string, programId: PublicKey, data: Uint8Array): void {
    const account = {
      address,
      lamports: this.svm.minimumBalanceForRentExemption(BigInt(data.length)),
      data,
      programAddress: programId.toBase58(),
      executable: false,
      space: BigInt(data.length),
    };
    this.svm.setAccount(account as unknown as SvmAccount);
  }

  private record(owner: string, mint: string, amount: bigint): void {
    this.ledger.set(`${owner}|${mint}`, this.minted(owner, mint) + amount);
  }
}

/** The four real mints under the classic Token program plus a Token-2022 test mint (`T22`, 6 decimals). */
export function chainWithMints(): { chain: SolanaTestChain; tokens: Record<'RENDER' | 'IO' | 'HNT' | 'NOS' | 'T22', TokenSpec> } {
  const chain = new SolanaTestChain();
  for (const { mint, decimals } of Object.values(REAL_MINTS)) chain.placeMint(mint, decimals);
  const t22 = chain.createToken2022Mint(6);
  const tokens = {
    RENDER: tokenSpec('RENDER', REAL_MINTS.RENDER.mint, 8),
    IO: tokenSpec('IO', REAL_MINTS.IO.mint, 8),
    HNT: tokenSpec('HNT', REAL_MINTS.HNT.mint, 8),
    NOS: tokenSpec('NOS', REAL_MINTS.NOS.mint, 6),
    T22: tokenSpec('T22', t22, 6),
  };
  return { chain, tokens };
}

/** Points HOME, XDG_* and DEPIN_HOME at a fresh temp folder; returns the function that restores them. */
export function useTempHome(): () => void {
  const names = ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'DEPIN_HOME'] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'depin-solana-'));
  for (const name of names) process.env[name] = join(dir, name.toLowerCase());
  return () => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
