import { readPolicy, type HttpPolicy } from '../net/http-client.js';
import { AccountTable, checkMint, failure, isFailure, type ReadAmount } from './solana-accounts.js';
import { createMemoryDerivationCache, type DerivationCache } from './derivation-cache.js';
import { resolveAtasInOrder } from './solana-keys.js';
import { isSolanaAddress, tokenAccountOf, TOKEN_PROGRAMS } from './solana-layout.js';
import { DEFAULT_BATCH_LIMITS, endpointHost, rpcBatch, type BatchLimits } from './solana-rpc.js';
import { OwnerScan } from './solana-scan.js';
import type { BalanceRequest, BalanceResult, ChainReader, ReadOptions } from './types.js';

/**
 * How token accounts are found. `ata`: the associated token accounts under Token and Token-2022,
 * read with `getMultipleAccounts` (cheap; misses other accounts). `scan`: every token account of the
 * owner via `getTokenAccountsByOwner` (complete; one call per owner and token program).
 */
export type SolanaReadMode = 'ata' | 'scan';

/** Defaults of one Solana reader. */
export interface SolanaReaderOptions {
  mode?: SolanaReadMode;
  commitment?: 'processed' | 'confirmed' | 'finalized';
  limits?: Partial<BatchLimits>;
}

/** ReadOptions with the Solana reader's mode; a plain ReadOptions uses the reader's default mode. */
export interface SolanaReadOptions extends ReadOptions {
  mode?: SolanaReadMode;
}

/** The ChainReader for `solana`, whose reads also take a mode. */
export interface SolanaReader extends ChainReader {
  readBalances(requests: BalanceRequest[], options: SolanaReadOptions): Promise<BalanceResult[]>;
}

const SOL_DECIMALS = 9;

interface Wanted {
  owner: string;
  /** Absent for native SOL. */
  mint?: string;
  decimals: number;
}

/** Why a request cannot be read at all, before any I/O. */
function invalid(request: BalanceRequest): string | undefined {
  if (request.chain !== 'solana' || request.token.chain !== 'solana') return `${request.token.symbol} on ${request.token.chain} is not a Solana token`;
  if (!isSolanaAddress(request.readAddress)) return `${request.address} is not a Solana address`;
  if (request.token.native)
    return request.token.decimals === SOL_DECIMALS ? undefined : `SOL has ${SOL_DECIMALS} decimals, the token spec says ${request.token.decimals}`;
  if (!request.token.mint || !isSolanaAddress(request.token.mint)) return `${request.token.symbol} has no valid Solana mint`;
  return undefined;
}

function policyOf(options: ReadOptions): HttpPolicy {
  return readPolicy(options);
}

function nativeAmount(table: AccountTable, owner: string, host: string): ReadAmount {
  const account = table.lookup(owner, host);
  if (isFailure(account)) return account;
  return { raw: account === null ? 0n : account.lamports, decimals: SOL_DECIMALS };
}

/**
 * The sum of the owner's associated token accounts of one mint (`atas`, one per token program, in
 * TOKEN_PROGRAMS order), each checked for mint and owner.
 */
function ataAmount(table: AccountTable, atas: readonly string[], wanted: Required<Wanted>, host: string): ReadAmount {
  let raw = 0n;
  for (const [p, program] of TOKEN_PROGRAMS.entries()) {
    const address = atas[p];
    const account = table.lookup(address, host);
    if (isFailure(account)) return account;
    if (account === null) continue; // no such account: the owner holds none of it there
    if (account.program !== program) return failure('bad-response', `${host}: token account ${address} is owned by ${account.program}, not ${program}`);
    const token = tokenAccountOf(account);
    if (typeof token === 'string') return failure('bad-response', `${host}: ${address} is ${token}`);
    if (token.mint !== wanted.mint) return failure('bad-response', `${host}: token account ${address} holds ${token.mint}, not ${wanted.mint}`);
    if (token.owner !== wanted.owner) {
      return failure(
        'bad-response',
        `${host}: associated token account ${address} now belongs to ${token.owner}, not ${wanted.owner} (scan mode counts the owner's other accounts)`,
      );
    }
    raw += token.amount;
  }
  return { raw, decimals: wanted.decimals };
}

async function readAll(
  wanted: Wanted[],
  endpoint: string,
  mode: SolanaReadMode,
  reader: Required<SolanaReaderOptions>,
  options: ReadOptions,
  memory: DerivationCache,
): Promise<ReadAmount[]> {
  const host = endpointHost(endpoint);
  const spl = wanted.filter((w): w is Required<Wanted> => w.mint !== undefined);
  // By position in `wanted`: the associated token accounts of each SPL read, found once per read.
  let atas: (readonly string[] | undefined)[] | undefined;
  if (mode === 'ata' && spl.length > 0) {
    try {
      const seeds = spl.flatMap((w) => TOKEN_PROGRAMS.map((program) => ({ owner: w.owner, mint: w.mint, program })));
      const addresses = await resolveAtasInOrder(seeds, { memory, store: options.derivationCache });
      let next = 0;
      atas = wanted.map((w) => (w.mint === undefined ? undefined : addresses.slice(next, (next += TOKEN_PROGRAMS.length))));
    } catch (error) {
      const reason = `cannot derive token accounts: @solana/web3.js did not load (${error instanceof Error ? error.message : String(error)})`;
      return wanted.map(() => failure('unreachable', reason));
    }
  }
  // Mints ride along in the same batch: their decimals are checked and their program is learnt.
  const table = new AccountTable();
  for (const w of wanted) table.add(w.mint ?? w.owner);
  const scan = new OwnerScan();
  wanted.forEach((w, i) => {
    if (w.mint === undefined) return;
    if (atas) for (const address of atas[i]!) table.add(address);
    else scan.add(w.owner);
  });
  const tableCalls = table.calls(reader.commitment);
  const calls = [...tableCalls, ...scan.calls(reader.commitment)];
  const outcomes = await rpcBatch(endpoint, calls, policyOf(options), { ...DEFAULT_BATCH_LIMITS, ...reader.limits }, options.signal);
  table.bind(outcomes.slice(0, tableCalls.length), host);
  scan.bind(outcomes.slice(tableCalls.length), host);
  return wanted.map((w, i) => {
    if (w.mint === undefined) return nativeAmount(table, w.owner, host);
    const mint = checkMint(table, w.mint, w.decimals, host);
    if (isFailure(mint)) return mint;
    if (atas) return ataAmount(table, atas[i]!, { ...w, mint: w.mint }, host);
    return scan.amount(w.owner, w.mint, mint.program, w.decimals, host);
  });
}

/**
 * A reader of SOL and SPL token balances (Token and Token-2022). All reads of one call go out as
 * JSON-RPC batches, so the number of HTTP requests does not grow with the number of wallets in `ata`
 * mode (about 1,000 accounts fit one request). Missing accounts read as zero; failed reads never do.
 */
export function createSolanaReader(defaults: SolanaReaderOptions = {}): SolanaReader {
  const reader: Required<SolanaReaderOptions> = { mode: defaults.mode ?? 'ata', commitment: defaults.commitment ?? 'confirmed', limits: defaults.limits ?? {} };
  // Addresses this reader derived or checked; wallets are read again and again in one process (`status --watch`).
  const memory = createMemoryDerivationCache();
  return {
    chains: ['solana'],
    async readBalances(requests: BalanceRequest[], options: SolanaReadOptions): Promise<BalanceResult[]> {
      const wanted = new Map<string, Wanted>();
      // Requests for one owner, mint and decimals share one read; differing decimals are each checked.
      const keys = requests.map((request) => {
        if (invalid(request)) return undefined;
        const w: Wanted = { owner: request.readAddress, mint: request.token.native ? undefined : request.token.mint, decimals: request.token.decimals };
        const key = `${w.owner}|${w.mint ?? 'native'}|${w.decimals}`;
        wanted.set(key, w);
        return key;
      });
      const amounts = new Map<string, ReadAmount>();
      const list = [...wanted.entries()];
      if (!/^https?:\/\/[^/]/i.test(options.endpoint) || !URL.canParse(options.endpoint)) {
        for (const [key] of list) amounts.set(key, failure('unreachable', 'the Solana endpoint is not an http(s) URL'));
      } else if (list.length > 0) {
        let read: ReadAmount[];
        try {
          const mode = options.mode === 'ata' || options.mode === 'scan' ? options.mode : reader.mode;
          read = await readAll(
            list.map(([, w]) => w),
            options.endpoint,
            mode,
            reader,
            options,
            memory,
          );
        } catch (error) {
          // Not expected: every known failure is a value already. Still, a caller never sees a throw.
          const reason = `${endpointHost(options.endpoint)}: ${error instanceof Error ? error.message : String(error)}`;
          read = list.map(() => failure('bad-response', reason));
        }
        list.forEach(([key], i) => amounts.set(key, read[i]));
      }
      return requests.map((request, i): BalanceResult => {
        const key = keys[i];
        if (key === undefined) return { request, status: 'wrong-chain', reason: invalid(request) ?? 'invalid request' };
        const amount = amounts.get(key) ?? failure('unreachable', 'not read');
        return isFailure(amount)
          ? { request, status: amount.status, reason: amount.reason }
          : { request, status: 'ok', raw: amount.raw, decimals: amount.decimals };
      });
    },
  };
}

/** The Solana reader with its defaults (`ata` mode, `confirmed` commitment). */
export const solanaReader: SolanaReader = createSolanaReader();
