import type { ChainId } from '../plugin-api/types.js';
import { commandDeadlineMs } from '../net/deadline.js';
import { redactText } from '../net/redact.js';
import type { BalanceRequest, BalanceResult, ChainReader } from './types.js';

/** Each reader module loads only when its chain has something to read. */
const LOADERS: Record<ChainId, () => Promise<ChainReader>> = {
  solana: async () => (await import('./solana-reader.js')).solanaReader,
  ethereum: async () => (await import('./evm-reader.js')).evmReader,
  iotex: async () => (await import('./evm-reader.js')).evmReader,
  peaq: async () => (await import('./evm-reader.js')).evmReader,
  filecoin: async () => (await import('./filecoin-reader.js')).filecoinReader,
  akash: async () => (await import('./cosmos-reader.js')).cosmosReader,
  arweave: async () => (await import('./arweave-reader.js')).arweaveReader,
};

/** Readers already loaded: a warm read (`status --watch`) starts every chain without another import. */
const loaded = new Map<ChainId, ChainReader>();

async function loadReader(chain: ChainId): Promise<ChainReader> {
  const reader = await LOADERS[chain]();
  loaded.set(chain, reader);
  return reader;
}

export interface ReadAllOptions {
  /** Per HTTP request, passed to the readers. */
  timeoutMs: number;
  /** Extra attempts per HTTP request on 429/5xx/timeouts, passed to the readers. */
  retries: number;
  /** Requests in flight at once per endpoint (config http.concurrency). */
  concurrency?: number;
  /** Largest response body accepted (config http.maxResponseBytes). */
  maxResponseBytes?: number;
  /** Cross-run cache of derived Solana token-account addresses (kept in the history database). */
  derivationCache?: import('./derivation-cache.js').DerivationCache;
  /** Solana read mode (config solana.scan). */
  solanaMode?: 'ata' | 'scan';
  /**
   * Longest a whole chain may take, retries included; then its balances are `unreachable` and the
   * other chains are not held up. Default: every attempt timing out plus the backoff between them.
   */
  chainTimeoutMs?: number;
  onChainStart?: (chain: ChainId, requests: readonly BalanceRequest[]) => void;
  onChainDone?: (chain: ChainId, results: readonly BalanceResult[]) => void;
  /** Replaces the built-in reader of a chain (tests, third-party readers). */
  readers?: Partial<Record<ChainId, ChainReader>>;
  /** Cancels every chain (Ctrl-C): unfinished chains come back `unreachable`. */
  signal?: AbortSignal;
}

/** The default whole-chain deadline for a per-request timeout and retry count (the command deadline). */
export function defaultChainTimeoutMs(timeoutMs: number, retries: number): number {
  return commandDeadlineMs(timeoutMs, retries);
}

const requestKey = (r: BalanceRequest) =>
  [r.chain, r.readAddress, r.token.native ? 'native' : (r.token.mint ?? 'native'), r.token.decimals, r.minerId ?? ''].join('|');

const failAll = (requests: readonly BalanceRequest[], reason: string): BalanceResult[] =>
  requests.map((request) => ({ request, status: 'unreachable', reason }));

/** One result per request, in request order, whatever the reader returned. */
function align(requests: readonly BalanceRequest[], results: unknown, chain: ChainId): BalanceResult[] {
  if (!Array.isArray(results)) return failAll(requests, `the ${chain} reader returned no results`);
  const valid = (results as BalanceResult[]).filter((result) => result && typeof result === 'object' && result.request);
  const byRequest = new Map<BalanceRequest, BalanceResult>();
  for (const result of valid) byRequest.set(result.request, result);
  // Built only if some result came back under a copy of its request: keys cost a string each.
  let byKey: Map<string, BalanceResult> | undefined;
  const sameKey = (request: BalanceRequest) => {
    byKey ??= new Map(valid.map((result) => [requestKey(result.request), result]));
    return byKey.get(requestKey(request));
  };
  return requests.map((request): BalanceResult => {
    const found = byRequest.get(request) ?? sameKey(request);
    if (!found) return { request, status: 'bad-response', reason: `the ${chain} reader returned no result for this balance` };
    return found.request === request ? found : ({ ...found, request } as BalanceResult);
  });
}

async function readChain(chain: ChainId, requests: BalanceRequest[], endpoint: string | undefined, options: ReadAllOptions): Promise<BalanceResult[]> {
  if (!endpoint) return failAll(requests, `no endpoint configured for ${chain} (config key rpc.${chain})`);
  const deadline = options.chainTimeoutMs ?? defaultChainTimeoutMs(options.timeoutMs, options.retries);
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<BalanceResult[]>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(failAll(requests, `no complete answer from ${chain} within ${Math.round(deadline / 100) / 10} s`));
    }, deadline);
  });
  let onAbort: (() => void) | undefined;
  const cancelled = new Promise<BalanceResult[]>((resolve) => {
    onAbort = () => resolve(failAll(requests, 'cancelled'));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const read = (async () => {
    try {
      const reader = options.readers?.[chain] ?? loaded.get(chain) ?? (await loadReader(chain));
      const results = await reader.readBalances(requests, {
        endpoint,
        timeoutMs: options.timeoutMs,
        retries: options.retries,
        concurrency: options.concurrency,
        maxResponseBytes: options.maxResponseBytes,
        mode: options.solanaMode,
        derivationCache: options.derivationCache,
        signal,
      });
      return align(requests, results, chain);
    } catch (error) {
      // Readers return failures as values; a throw is a bug, and still must not sink the other chains.
      return failAll(requests, `the ${chain} reader failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();
  try {
    // Whatever a reader or its libraries put in a reason, the endpoint's credentials never leave here.
    return (await Promise.race([read, timedOut, cancelled])).map((r) => (r.status === 'ok' ? r : { ...r, reason: redactText(r.reason, [endpoint]) }));
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Reads every balance: requests are grouped by chain, each chain goes to its reader (one batched
 * read per chain), all chains at once, each under its own deadline. Never throws; the results come
 * back one per request, in request order.
 */
export async function readAll(
  requests: readonly BalanceRequest[],
  endpoints: Partial<Record<ChainId, string>>,
  options: ReadAllOptions,
): Promise<BalanceResult[]> {
  const byChain = new Map<ChainId, BalanceRequest[]>();
  for (const request of requests) {
    const list = byChain.get(request.chain);
    if (list) list.push(request);
    else byChain.set(request.chain, [request]);
  }
  const done = await Promise.all(
    [...byChain].map(async ([chain, list]) => {
      options.onChainStart?.(chain, list);
      const results =
        LOADERS[chain] || options.readers?.[chain]
          ? await readChain(chain, list, endpoints[chain], options)
          : list.map((request): BalanceResult => ({ request, status: 'wrong-chain', reason: `depin has no reader for chain ${chain}` }));
      options.onChainDone?.(chain, results);
      return results;
    }),
  );
  const byRequest = new Map<BalanceRequest, BalanceResult>();
  for (const results of done) for (const r of results) byRequest.set(r.request, r);
  return requests.map((request) => byRequest.get(request)!);
}
