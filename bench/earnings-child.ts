import { existsSync, readFileSync } from 'node:fs';
import { readAll } from '../src/chains/read-all.js';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';

/** What the parent hands the child: the balances to read and where. */
export interface ChildJob {
  requests: BalanceRequest[];
  endpoints: Record<ChainId, string>;
  timeoutMs: number;
  retries: number;
}

/** What the child prints as its only line of stdout. */
export interface ChildReport {
  maxRssKb: number;
  wallMs: number;
  /** Per request: `raw` (and `rewards`) as decimal strings, or the failure reason. */
  results: ({ raw: string; rewards?: string } | { failed: string })[];
}

/**
 * Runs in its own Node process so that its peak memory is the reader's alone, not the benchmark's
 * (servers, LiteSVM, the naive reader). Reads the job file named by argv[2].
 */
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

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ChildJob;
  const start = performance.now();
  const results = await readAll(job.requests, job.endpoints, { timeoutMs: job.timeoutMs, retries: job.retries });
  const wallMs = performance.now() - start;
  const report: ChildReport = {
    maxRssKb: peakRssKb(),
    wallMs,
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
