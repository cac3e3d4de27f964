import { cosmosRpcReader } from '../src/chains/cosmos-rpc-reader.js';
import { createMemoryDerivationCache } from '../src/chains/derivation-cache.js';
import { DEFAULT_POLICY } from '../src/net/http-client.js';
import { readAll } from '../src/chains/read-all.js';
import type { BalanceRequest, BalanceResult, ChainReader } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import { naiveRead } from './earnings-naive.js';
import type { Expected } from './earnings-world.js';

/** Per-request timeout, retries and per-endpoint cap for our reader: the HTTP client's defaults, as `depin earnings` passes them. */
export const READ_OPTIONS = { timeoutMs: DEFAULT_POLICY.timeoutMs, retries: DEFAULT_POLICY.retries, concurrency: DEFAULT_POLICY.concurrency };

/**
 * Which reader a read uses: ours as `akash.api=rpc` reads (CometBFT batches), ours as `akash.api=lcd`
 * reads (the default: the LCD, one request per address and route), or the naive one (LCD for Akash).
 */
export type Side = 'ours' | 'ours-lcd' | 'naive';

/** The readers `readAll` gets for a side: `akash.api=rpc` swaps in the CometBFT reader, as the CLI does. */
export function readersFor(side: Side): Partial<Record<ChainId, ChainReader>> | undefined {
  return side === 'ours' ? { akash: cosmosRpcReader } : undefined;
}

/** One read the parent asks for. */
export interface HostRequest {
  id: number;
  side: Side;
  requests: BalanceRequest[];
  endpoints: Record<ChainId, string>;
}

/** Its answer: the wall time, when each chain finished, and per request the balance or why not. */
export type HostReply = { id: number; ms: number; chainMs: Partial<Record<ChainId, number>>; answers: (Expected | string)[] } | { id: number; error: string };

const fromResult = (r: BalanceResult): Expected | string =>
  r.status === 'ok' ? { raw: r.raw, ...(r.extra?.pendingRewards !== undefined ? { rewards: r.extra.pendingRewards } : {}) } : `${r.status}: ${r.reason}`;

/** Kept for the life of this process, as `depin earnings` keeps its cache in the history database. */
const derivationCache = createMemoryDerivationCache();

async function handle(message: HostRequest): Promise<HostReply> {
  const start = performance.now();
  if (message.side === 'naive') {
    const { results, chainMs } = await naiveRead(message.requests, message.endpoints);
    return { id: message.id, ms: performance.now() - start, chainMs, answers: results };
  }
  const chainMs: Partial<Record<ChainId, number>> = {};
  const results = await readAll(message.requests, message.endpoints, {
    ...READ_OPTIONS,
    derivationCache,
    readers: readersFor(message.side),
    onChainDone: (chain) => (chainMs[chain] = performance.now() - start),
  });
  return { id: message.id, ms: performance.now() - start, chainMs, answers: results.map(fromResult) };
}

/**
 * The process the readers run in while they are timed: the loopback servers live in the parent, so
 * their CPU time does not land on the readers' event loop (a real endpoint is on another machine).
 * Reads one request at a time, as the parent sends them over IPC. After the first read of a side its
 * modules are loaded and its connections open: the steady state of a long-running process.
 */
process.on('message', (message: HostRequest | 'stop') => {
  if (message === 'stop') process.exit(0);
  handle(message)
    .catch((error: unknown): HostReply => ({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
    .then((reply) => process.send!(reply));
});
