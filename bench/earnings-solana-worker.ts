import { parentPort, workerData } from 'node:worker_threads';
import { Keypair } from '@solana/web3.js';
import type { LiteSVM } from 'litesvm';
import type { TokenSpec } from '../src/plugin-api/types.js';
import { startLitesvmRpc } from '../test/helpers/litesvm-rpc.js';
import { SolanaTestChain } from '../test/helpers/solana-fixtures.js';
import { amountFor } from './earnings-amounts.js';

/** What the worker is started with. */
export interface SolanaWorkerInput {
  tokens: TokenSpec[];
  wallets: number;
}

/** What the worker posts once its endpoint is up: the wallets and, per wallet and mint, what it holds. */
export interface SolanaWorkerReady {
  url: string;
  wallets: string[];
  /** `[owner, mint, raw amount as a decimal string]`. */
  holdings: [string, string, string][];
}

/**
 * The chain does not change once funded, so account reads are answered from a cache. The JSON-RPC
 * adapter otherwise re-lists every account of the token program for each getTokenAccountsByOwner,
 * a cost no indexed validator has, which would bill the per-request reader for server CPU rather
 * than for round trips.
 */
function readOnlySnapshot(svm: LiteSVM): LiteSVM {
  const accounts = new Map<string, ReturnType<LiteSVM['getAccount']>>();
  const programs = new Map<string, ReturnType<LiteSVM['getProgramAccounts']>>();
  const getAccount = (address: Parameters<LiteSVM['getAccount']>[0]) => {
    let account = accounts.get(address);
    if (!account) accounts.set(address, (account = svm.getAccount(address)));
    return account;
  };
  const getProgramAccounts = (program: Parameters<LiteSVM['getProgramAccounts']>[0]) => {
    let listed = programs.get(program);
    if (!listed) programs.set(program, (listed = svm.getProgramAccounts(program)));
    return listed;
  };
  return new Proxy(svm, {
    get(target, property) {
      if (property === 'getAccount') return getAccount;
      if (property === 'getProgramAccounts') return getProgramAccounts;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Runs the Solana endpoint in its own thread, so that the LiteSVM server's CPU time does not land
 * on the thread that runs the readers being timed (a real endpoint is on another machine).
 */
async function main(): Promise<void> {
  const input = workerData as SolanaWorkerInput;
  const chain = new SolanaTestChain();
  for (const token of input.tokens) chain.placeMint(token.mint!, token.decimals);
  const wallets = Array.from({ length: input.wallets }, () => Keypair.generate().publicKey.toBase58());
  chain.fund(wallets.flatMap((owner, w) => input.tokens.map((token, t) => ({ owner, mint: token.mint!, amount: amountFor(w, t, token.decimals) }))));
  const holdings = wallets.flatMap((owner) =>
    input.tokens.map((token): [string, string, string] => [owner, token.mint!, chain.minted(owner, token.mint!).toString()]),
  );
  const rpc = await startLitesvmRpc(readOnlySnapshot(chain.svm));
  parentPort!.once('message', () => {
    void rpc.close().finally(() => parentPort!.close());
  });
  const ready: SolanaWorkerReady = { url: rpc.url, wallets, holdings };
  parentPort!.postMessage(ready);
}

// A failure here reaches the parent as the worker's 'error' event.
await main();
