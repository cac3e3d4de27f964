import { decodeMint, readRpcAccount, TOKEN_PROGRAMS, type RpcAccount } from './solana-layout.js';
import type { RpcCall, RpcOutcome } from './solana-rpc.js';

/** Why an amount could not be read; the same tags a BalanceResult carries. */
export interface ReadFailure {
  status: 'unreachable' | 'bad-response' | 'wrong-chain';
  reason: string;
}

/** An amount read from the chain, or why not. */
export type ReadAmount = { raw: bigint; decimals: number } | ReadFailure;

export const isFailure = (value: unknown): value is ReadFailure => typeof value === 'object' && value !== null && 'status' in value && 'reason' in value;

export const failure = (status: ReadFailure['status'], reason: string): ReadFailure => ({ status, reason });

/** `getMultipleAccounts` takes at most 100 keys per call. */
const MAX_KEYS_PER_CALL = 100;

/**
 * A set of account addresses read with `getMultipleAccounts`: collect keys, emit the calls, then look
 * each key up in the answers. A key whose call failed reports that failure, never an empty account.
 */
export class AccountTable {
  private readonly keys: string[] = [];
  private readonly index = new Map<string, number>();
  private answers: (unknown[] | ReadFailure)[] = [];
  // Each key's account, read once: a mint is looked up for every owner that holds it.
  private readonly accounts = new Map<number, RpcAccount | null | ReadFailure>();

  add(key: string): void {
    if (!this.index.has(key)) {
      this.index.set(key, this.keys.length);
      this.keys.push(key);
    }
  }

  get size(): number {
    return this.keys.length;
  }

  calls(commitment: string): RpcCall[] {
    const calls: RpcCall[] = [];
    for (let start = 0; start < this.keys.length; start += MAX_KEYS_PER_CALL) {
      calls.push({ method: 'getMultipleAccounts', params: [this.keys.slice(start, start + MAX_KEYS_PER_CALL), { encoding: 'base64', commitment }] });
    }
    return calls;
  }

  /** Takes the outcomes of the calls `calls()` returned, in the same order. */
  bind(outcomes: RpcOutcome[], host: string): void {
    this.answers = outcomes.map((outcome, call) => {
      if (!outcome.ok) return failure(outcome.kind, outcome.reason);
      const expected = Math.min(MAX_KEYS_PER_CALL, this.keys.length - call * MAX_KEYS_PER_CALL);
      const value = (outcome.result as { value?: unknown } | null)?.value;
      if (!Array.isArray(value) || value.length !== expected) {
        return failure('bad-response', `${host}: getMultipleAccounts answered ${Array.isArray(value) ? value.length : 'no'} accounts for ${expected} keys`);
      }
      return value;
    });
    this.accounts.clear();
  }

  lookup(key: string, host: string): RpcAccount | null | ReadFailure {
    const position = this.index.get(key);
    if (position === undefined) return failure('bad-response', `account ${key} was never asked for`);
    const answer = this.answers[Math.floor(position / MAX_KEYS_PER_CALL)];
    if (answer === undefined) return failure('unreachable', `${host}: no answer for account ${key}`);
    if (isFailure(answer)) return answer;
    let found = this.accounts.get(position);
    if (found === undefined) {
      const account = readRpcAccount(answer[position % MAX_KEYS_PER_CALL]);
      found = typeof account === 'string' ? failure('bad-response', `${host}: account ${key}: ${account}`) : account;
      this.accounts.set(position, found);
    }
    return found;
  }
}

/**
 * Checks a mint against the token spec: it must exist on this endpoint's cluster, belong to a token
 * program and have the decimals the spec states. Returns the token program that owns it.
 */
export function checkMint(table: AccountTable, mint: string, decimals: number, host: string): { program: string } | ReadFailure {
  const account = table.lookup(mint, host);
  if (isFailure(account)) return account;
  if (account === null) return failure('wrong-chain', `mint ${mint} does not exist on ${host}; is the endpoint on another cluster?`);
  if (!TOKEN_PROGRAMS.includes(account.program)) return failure('bad-response', `${mint} on ${host} is not a token mint (owned by ${account.program})`);
  if (account.data.kind !== 'bytes') return failure('bad-response', `${host}: mint ${mint} came back without raw data`);
  const data = decodeMint(account.data.bytes);
  if (typeof data === 'string') return failure('bad-response', `${host}: ${mint} is ${data}`);
  if (!data.initialized) return failure('bad-response', `${host}: mint ${mint} is not initialized`);
  if (data.decimals !== decimals) return failure('bad-response', `mint ${mint} has ${data.decimals} decimals on ${host}, the token spec says ${decimals}`);
  return { program: account.program };
}
