import { existsSync, readFileSync } from 'node:fs';
import { createMemoryDerivationCache, type DerivationCache } from '../src/chains/derivation-cache.js';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';

/** What the parent hands the child: the balances to read, where, and what the derivation store holds. */
export interface ChildJob {
  requests: BalanceRequest[];
  endpoints: Record<ChainId, string>;
  timeoutMs: number;
  retries: number;
  concurrency: number;
  /** The derivation store's entries before this run, as a previous run left them; empty for a first run. */
  stored: [string, string][];
}

/** What the child prints as its only line of stdout. */
export interface ChildReport {
  maxRssKb: number;
  /** From just before the read (loading read-all and the readers included, as the CLI loads them) to its end. */
  wallMs: number;
  chainMs: Partial<Record<ChainId, number>>;
  /** Solana token accounts this process derived (with @solana/web3.js); none when the store had them all. */
  derivations: number;
  /** What the read wrote to the derivation store: the entries a next run finds. */
  written: [string, string][];
  /** Per request: `raw` (and `rewards`) as decimal strings, or the failure reason. */
  results: ({ raw: string; rewards?: string } | { failed: string })[];
}

/**
 * Peak resident memory of this process in KiB. On Linux, getrusage's maxRSS of a spawned child
 * starts from the parent's RSS at fork time, so the high-water mark of this process's own address
 * space (VmHWM) is read instead.
 */
function peakRssKb(): number {
  if (existsSync('/proc/self/status')) {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  }
  return process.resourceUsage().maxRSS;
}

/** The store `depin earnings` keeps in its history database, here in memory, recording what is written to it. */
function storeOf(entries: [string, string][]): DerivationCache & { written: [string, string][] } {
  const cache = createMemoryDerivationCache();
  cache.putMany(entries);
  const written: [string, string][] = [];
  return {
    written,
    getMany: (keys) => cache.getMany(keys),
    putMany(pairs) {
      written.push(...pairs);
      cache.putMany(pairs);
    },
  };
}

/**
 * One `depin earnings` read in its own Node process, with `akash.api=rpc`: so that its peak memory is
 * the reader's alone, not the benchmark's (servers, LiteSVM, the naive reader), and so that module
 * loading and new connections are paid as a user's run pays them. Reads the job file named by argv[2].
 */
async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ChildJob;
  const store = storeOf(job.stored);
  const chainMs: Partial<Record<ChainId, number>> = {};
  const start = performance.now();
  // The CLI loads these when it reads, the CometBFT reader only when akash.api=rpc; so does this.
  const { readAll } = await import('../src/chains/read-all.js');
  const { cosmosRpcReader } = await import('../src/chains/cosmos-rpc-reader.js');
  const results = await readAll(job.requests, job.endpoints, {
    timeoutMs: job.timeoutMs,
    retries: job.retries,
    concurrency: job.concurrency,
    derivationCache: store,
    readers: { akash: cosmosRpcReader },
    onChainDone: (chain) => (chainMs[chain] = performance.now() - start),
  });
  const wallMs = performance.now() - start;
  // Loaded by the Solana reader already; imported here, after the timing, for its counter.
  const { ataDerivations } = await import('../src/chains/solana-keys.js');
  const report: ChildReport = {
    maxRssKb: peakRssKb(),
    wallMs,
    chainMs,
    derivations: ataDerivations(),
    written: store.written,
    results: results.map((r) =>
      r.status === 'ok'
        ? { raw: r.raw.toString(), ...(r.extra?.pendingRewards !== undefined ? { rewards: r.extra.pendingRewards.toString() } : {}) }
        : { failed: `${r.status}: ${r.reason}` },
    ),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
