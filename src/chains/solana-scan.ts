import { failure, isFailure, type ReadAmount, type ReadFailure } from './solana-accounts.js';
import { readRpcAccount, tokenAccountOf, TOKEN_PROGRAMS } from './solana-layout.js';
import type { RpcCall, RpcOutcome } from './solana-rpc.js';

interface Holding {
  address: string;
  mint: string;
  amount: bigint;
  decimals?: number;
}

/**
 * Every token account of a set of owners, found with `getTokenAccountsByOwner` under each token
 * program, so accounts other than the associated ones are counted too. One call per owner and program.
 */
export class OwnerScan {
  private readonly owners: string[] = [];
  private readonly index = new Map<string, number>();
  private answers: (Holding[] | ReadFailure)[] = [];

  add(owner: string): void {
    if (!this.index.has(owner)) {
      this.index.set(owner, this.owners.length);
      this.owners.push(owner);
    }
  }

  calls(commitment: string): RpcCall[] {
    return this.owners.flatMap((owner) =>
      TOKEN_PROGRAMS.map((programId) => ({ method: 'getTokenAccountsByOwner', params: [owner, { programId }, { encoding: 'jsonParsed', commitment }] })),
    );
  }

  /** Takes the outcomes of the calls `calls()` returned, in the same order. */
  bind(outcomes: RpcOutcome[], host: string): void {
    this.answers = outcomes.map((outcome, call) => {
      if (!outcome.ok) return failure(outcome.kind, outcome.reason);
      const owner = this.owners[Math.floor(call / TOKEN_PROGRAMS.length)];
      return holdingsOf(outcome.result, owner, TOKEN_PROGRAMS[call % TOKEN_PROGRAMS.length], host);
    });
  }

  /** The sum over the owner's accounts of one mint under the program that owns the mint. */
  amount(owner: string, mint: string, program: string, decimals: number, host: string): ReadAmount {
    const position = this.index.get(owner);
    const answer = position === undefined ? undefined : this.answers[position * TOKEN_PROGRAMS.length + TOKEN_PROGRAMS.indexOf(program)];
    if (answer === undefined) return failure('unreachable', `${host}: no answer for the token accounts of ${owner}`);
    if (isFailure(answer)) return answer;
    let raw = 0n;
    for (const holding of answer) {
      if (holding.mint !== mint) continue;
      if (holding.decimals !== undefined && holding.decimals !== decimals) {
        return failure(
          'bad-response',
          `${host}: token account ${holding.address} reports ${holding.decimals} decimals for ${mint}, the token spec says ${decimals}`,
        );
      }
      raw += holding.amount;
    }
    return { raw, decimals };
  }
}

function holdingsOf(result: unknown, owner: string, program: string, host: string): Holding[] | ReadFailure {
  const value = (result as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return failure('bad-response', `${host}: getTokenAccountsByOwner answered without a list of accounts`);
  const holdings: Holding[] = [];
  for (const entry of value) {
    const address = (entry as { pubkey?: unknown } | null)?.pubkey;
    const account = readRpcAccount((entry as { account?: unknown } | null)?.account ?? null);
    if (typeof address !== 'string' || account === null) return failure('bad-response', `${host}: a token account of ${owner} lacks its address or data`);
    if (typeof account === 'string') return failure('bad-response', `${host}: token account ${address}: ${account}`);
    if (account.program !== program) return failure('bad-response', `${host}: token account ${address} is owned by ${account.program}, asked for ${program}`);
    const token = tokenAccountOf(account);
    if (typeof token === 'string') return failure('bad-response', `${host}: token account ${address}: ${token}`);
    if (token.owner !== owner) return failure('bad-response', `${host}: token account ${address} belongs to ${token.owner}, not ${owner}`);
    holdings.push({ address, mint: token.mint, amount: token.amount, decimals: token.decimals });
  }
  return holdings;
}
