import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import type { ChildJob, ChildReport } from './earnings-child.js';
import { READ_OPTIONS } from './earnings-host.js';
import type { LoadTimes } from './earnings-load.js';
import { endpointsFor, median, snapshot, verify } from './earnings-measure.js';
import { CHAINS, type Expected, type World } from './earnings-world.js';

/** One read by our reader in a fresh Node process, as one `depin earnings` run does it. */
export interface FreshRun {
  wallMs: number;
  chainMs: Partial<Record<ChainId, number>>;
  /** Peak RSS of that process. */
  rssMb: number;
  /** Solana token accounts it derived. */
  derivations: number;
  /** What it wrote to the derivation store (what the next run finds there). */
  written: [string, string][];
  requests: Partial<Record<ChainId, number>>;
}

/** Runs node with `args`, collecting stdout; rejects on a non-zero exit. Asynchronous, so this process's servers keep answering. */
function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Every read has its own deadline; this only keeps a wedged child from outliving the benchmark.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once(
      'close',
      (code) => (
        clearTimeout(timer),
        code === 0 ? resolve(stdout) : reject(new Error(`node ${args.join(' ').slice(0, 80)} exited ${code}: ${stderr.slice(0, 600)}`))
      ),
    );
  });
}

/**
 * Our reader (`akash.api=rpc`) reading `requests` in a fresh Node process whose derivation store holds
 * `stored` (empty: a first run; a previous run's `written`: a later run). Its answers are verified and
 * the requests each server saw are counted.
 */
export async function freshRead(world: World, requests: BalanceRequest[], stored: [string, string][]): Promise<FreshRun> {
  const dir = mkdtempSync(join(tmpdir(), 'depin-bench-earnings-'));
  try {
    const jobFile = join(dir, 'job.json');
    const job: ChildJob = { requests, endpoints: endpointsFor(world, 'ours'), ...READ_OPTIONS, stored };
    writeFileSync(jobFile, JSON.stringify(job));
    const before = snapshot(world);
    const report = JSON.parse((await runNode([new URL('./earnings-child.js', import.meta.url).pathname, jobFile])).trim()) as ChildReport;
    const after = snapshot(world);
    const answers = report.results.map((r): Expected | string =>
      'failed' in r ? r.failed : { raw: BigInt(r.raw), ...(r.rewards !== undefined ? { rewards: BigInt(r.rewards) } : {}) },
    );
    verify(`our reader (fresh process, ${stored.length ? 'derivation store filled' : 'empty derivation store'})`, world, requests, answers);
    return {
      wallMs: report.wallMs,
      chainMs: report.chainMs,
      rssMb: report.maxRssKb / 1024,
      derivations: report.derivations,
      written: report.written,
      requests: Object.fromEntries(CHAINS.map((c) => [c, after[c] - before[c]])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS of `node -e` doing nothing but reading it: the floor any Node process starts from. */
export async function bareNodeRssMb(): Promise<number> {
  const script = "console.log(/^VmHWM:\\s+(\\d+)/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS)";
  return Number((await runNode(['-e', script])).trim()) / 1024;
}

/** Median module-loading times of `runs` fresh processes (bench/earnings-load.ts). */
export async function loadTimes(runs: number): Promise<LoadTimes> {
  const samples: LoadTimes[] = [];
  for (let i = 0; i < runs; i++) samples.push(JSON.parse((await runNode([new URL('./earnings-load.js', import.meta.url).pathname])).trim()) as LoadTimes);
  const mid = (pick: (t: LoadTimes) => number) => median(samples.map(pick));
  return { readersMs: mid((t) => t.readersMs), viemMs: mid((t) => t.viemMs), web3Ms: mid((t) => t.web3Ms) };
}
