import { Worker } from 'node:worker_threads';
import type { Hex } from 'viem';
import { builtinLoaders, BUILTIN_PLUGIN_IDS } from '../plugins/index.js';
import type { ChainId, TokenSpec } from '../src/plugin-api/types.js';
import { startAnvil, type Anvil } from '../test/helpers/anvil.js';
import { placeMulticall, placeToken, setNativeBalance } from '../test/helpers/contracts/place.js';
import { walletAddress } from '../test/helpers/contracts/tokens.js';
import { arweaveAddress, startLoopbackArweave } from '../test/helpers/loopback-arweave.js';
import { filecoinAddress, startLoopbackLotus } from '../test/helpers/loopback-lotus.js';
import { startAkash } from './earnings-akash.js';
import { amountFor } from './earnings-amounts.js';
import { startDelayProxy } from './earnings-proxy.js';
import type { SolanaWorkerInput, SolanaWorkerReady } from './earnings-solana-worker.js';

/** Wallets per chain in the 100-wallet run; smaller runs take a proportional prefix of each list. */
export const WALLETS_PER_CHAIN: Record<ChainId, number> = { solana: 40, ethereum: 20, iotex: 10, peaq: 10, filecoin: 10, akash: 5, arweave: 5 };

export const CHAINS = Object.keys(WALLETS_PER_CHAIN) as ChainId[];

/**
 * Akash wallets the servers know. The runs read the first WALLETS_PER_CHAIN.akash of them; all of
 * them are read once to show what more addresses than one CometBFT batch holds cost.
 */
export const AKASH_PROBE_WALLETS = 25;

/** A server of the world: each chain's (Akash: its CometBFT RPC), and the Akash LCD beside it. */
export type ServerId = ChainId | 'akash-lcd';
export const SERVERS: ServerId[] = [...CHAINS, 'akash-lcd'];

/** What a balance should read: the amount, and for Akash the pending rewards (truncated DecCoins). */
export interface Expected {
  raw: bigint;
  rewards?: bigint;
}

/** Every chain served on loopback behind the same latency, with wallets holding known balances. */
export interface World {
  /** Akash: the CometBFT RPC under `akash`, the LCD under `akash-lcd`. */
  endpoints: Record<ServerId, string>;
  /** HTTP requests each server has received so far. */
  counters: Record<ServerId, () => number>;
  tokens: Record<ChainId, TokenSpec[]>;
  wallets: Record<ChainId, string[]>;
  /** Keyed by `expectKey`. */
  expected: Map<string, Expected>;
  /** One plain request to the server (the smallest round trip it can give). */
  ping: Record<ServerId, () => Promise<void>>;
  close(): Promise<void>;
}

export const expectKey = (chain: ChainId, address: string, token: TokenSpec) => `${chain}|${address}|${token.symbol}`;

/** Wallet counts for a run of `total` wallets, in the proportions of the 100-wallet run, each chain at least one. */
export function walletCounts(total: number): Record<ChainId, number> {
  const counts = {} as Record<ChainId, number>;
  let rest = total;
  for (const chain of CHAINS.filter((c) => c !== 'solana')) {
    counts[chain] = Math.max(1, Math.round((total * WALLETS_PER_CHAIN[chain]) / 100));
    rest -= counts[chain];
  }
  counts.solana = rest;
  return counts;
}

/** The tokens of the built-in networks, grouped by chain, as their manifests declare them. */
async function manifestTokens(): Promise<Record<ChainId, TokenSpec[]>> {
  const tokens = Object.fromEntries(CHAINS.map((c) => [c, [] as TokenSpec[]])) as Record<ChainId, TokenSpec[]>;
  for (const id of BUILTIN_PLUGIN_IDS) {
    for (const token of (await builtinLoaders[id]()).default.manifest.tokens) {
      if (!tokens[token.chain].some((t) => t.symbol === token.symbol)) tokens[token.chain].push(token);
    }
  }
  return tokens;
}

const post = async (url: string, method: string, params: unknown[] = []) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  await response.text();
};

const get = async (url: string) => void (await (await fetch(url)).text());

/** Starts the Solana endpoint in a worker thread; `close` stops its server and waits for the thread to end. */
async function startSolanaWorker(input: SolanaWorkerInput): Promise<{ ready: SolanaWorkerReady; close(): Promise<void> }> {
  const worker = new Worker(new URL('./earnings-solana-worker.js', import.meta.url), { workerData: input });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const close = async () => {
    worker.postMessage('close');
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = await new Promise<SolanaWorkerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the Solana worker exited (${code}) before its endpoint was up`)));
    });
    return { ready, close };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}

/** Starts every server; on any failure the ones already started are stopped before the error goes on. */
export async function startWorld(latencyMs: number): Promise<World> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    closers.length = 0;
  };
  try {
    const tokens = await manifestTokens();
    const expected = new Map<string, Expected>();
    const wallets = {} as Record<ChainId, string[]>;
    const endpoints = {} as Record<ServerId, string>;
    const counters = {} as Record<ServerId, () => number>;
    const ping = {} as Record<ServerId, () => Promise<void>>;
    const record = (chain: ChainId, address: string, token: TokenSpec, raw: bigint, rewards?: bigint) =>
      expected.set(expectKey(chain, address, token), { raw, rewards });

    // Solana: the manifests' real mints on a LiteSVM chain, each wallet holding every one of them.
    // Funding the chain takes a while; it runs in its thread while the EVM nodes start.
    const solanaStarting = startSolanaWorker({ tokens: tokens.solana, wallets: WALLETS_PER_CHAIN.solana });
    solanaStarting.catch(() => undefined);
    closers.push(async () => (await solanaStarting).close());
    // EVM chains: anvil with Multicall3 and the manifests' ERC-20s at their real addresses.
    const evmIds = { ethereum: 1, iotex: 4689, peaq: 3338 } as const;
    const started = await Promise.allSettled(
      (Object.keys(evmIds) as (keyof typeof evmIds)[]).map(async (chain) => {
        const anvil = await startAnvil({ chainId: evmIds[chain] });
        closers.push(() => anvil.stop());
        return [chain, anvil] as [keyof typeof evmIds, Anvil];
      }),
    );
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const anvils = started.map((s) => (s as PromiseFulfilledResult<[keyof typeof evmIds, Anvil]>).value);
    let walletIndex = 0;
    for (const [chain, anvil] of anvils) {
      await placeMulticall(anvil);
      const holders: Hex[] = Array.from({ length: WALLETS_PER_CHAIN[chain] }, () => walletAddress(walletIndex++));
      wallets[chain] = holders;
      for (const [t, token] of tokens[chain].entries()) {
        const balances = holders.map((holder, w): [Hex, bigint] => [holder, amountFor(w, t, token.decimals)]);
        if (token.native) for (const [holder, amount] of balances) await setNativeBalance(anvil, holder, amount);
        else await placeToken(anvil, token.mint as Hex, { name: token.symbol, symbol: token.symbol, decimals: token.decimals, balances });
        for (const [holder, amount] of balances) record(chain, holder, token, amount);
      }
      const proxy = await startDelayProxy(anvil.url, latencyMs);
      closers.push(() => proxy.close());
      endpoints[chain] = proxy.url;
      counters[chain] = () => proxy.count;
      ping[chain] = () => post(proxy.url, 'eth_chainId');
    }

    const solana = await solanaStarting;
    wallets.solana = solana.ready.wallets;
    const mintOf = new Map(tokens.solana.map((t) => [t.mint!, t]));
    for (const [owner, mint, raw] of solana.ready.holdings) record('solana', owner, mintOf.get(mint)!, BigInt(raw));
    const svmProxy = await startDelayProxy(solana.ready.url, latencyMs);
    closers.push(() => svmProxy.close());
    endpoints.solana = svmProxy.url;
    counters.solana = () => svmProxy.count;
    ping.solana = () => post(svmProxy.url, 'getHealth');

    // Filecoin: a Lotus node answering WalletBalance from a table.
    wallets.filecoin = Array.from({ length: WALLETS_PER_CHAIN.filecoin }, (_, w) => filecoinAddress(`bench filecoin ${w}`));
    const fil = tokens.filecoin[0];
    const lotus = await startLoopbackLotus({ wallets: Object.fromEntries(wallets.filecoin.map((a, w) => [a, amountFor(w, 0, fil.decimals)])) }, { latencyMs });
    closers.push(() => lotus.close());
    wallets.filecoin.forEach((a, w) => record('filecoin', a, fil, amountFor(w, 0, fil.decimals)));
    endpoints.filecoin = lotus.endpoint;
    counters.filecoin = () => lotus.requests.count;
    ping.filecoin = () => post(lotus.endpoint, 'Filecoin.ChainHead');

    // Akash: one chain state behind a CometBFT RPC (batch limit as a stock node) and an LCD.
    const akash = await startAkash(tokens.akash, AKASH_PROBE_WALLETS, latencyMs, (address, token, raw, rewards) =>
      record('akash', address, token, raw, rewards),
    );
    closers.push(() => akash.close());
    wallets.akash = akash.wallets;
    endpoints.akash = akash.rpc.url;
    counters.akash = akash.rpc.count;
    ping.akash = akash.rpc.ping;
    endpoints['akash-lcd'] = akash.lcd.url;
    counters['akash-lcd'] = akash.lcd.count;
    ping['akash-lcd'] = akash.lcd.ping;

    // Arweave: a gateway answering balances in winston.
    wallets.arweave = Array.from({ length: WALLETS_PER_CHAIN.arweave }, (_, w) => arweaveAddress(`bench arweave ${w}`));
    const ar = tokens.arweave[0];
    const gateway = await startLoopbackArweave(
      { wallets: Object.fromEntries(wallets.arweave.map((a, w) => [a, amountFor(w, 0, ar.decimals)])) },
      { latencyMs },
    );
    closers.push(() => gateway.close());
    wallets.arweave.forEach((a, w) => record('arweave', a, ar, amountFor(w, 0, ar.decimals)));
    endpoints.arweave = gateway.url;
    counters.arweave = () => gateway.requests.count;
    ping.arweave = () => get(`${gateway.url}/wallet/${wallets.arweave[0]}/balance`);

    return { endpoints, counters, tokens, wallets, expected, ping, close };
  } catch (error) {
    await close();
    throw error;
  }
}
