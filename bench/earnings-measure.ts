import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import type { ChildJob, ChildReport } from './earnings-child.js';
import { READ_OPTIONS, type HostReply, type Side } from './earnings-host.js';
import { CHAINS, expectKey, walletCounts, type Expected, type World } from './earnings-world.js';

/** One read of a set of balances: its wall time, when each chain finished, and the requests each chain's server saw. */
export interface Measured {
  ms: number;
  chainMs: Partial<Record<ChainId, number>>;
  requests: Partial<Record<ChainId, number>>;
}

/** Every balance of `total` wallets (proportional split): each wallet with every token of its chain. */
export function requestsFor(world: World, total: number): BalanceRequest[] {
  const counts = walletCounts(total);
  return CHAINS.flatMap((chain) =>
    world.wallets[chain]
      .slice(0, counts[chain])
      .flatMap((address) => world.tokens[chain].map((token): BalanceRequest => ({ chain, address, readAddress: address, token }))),
  );
}

/** Throws unless every answer is the balance the servers were given; names the first few that are not. */
function verify(label: string, world: World, requests: BalanceRequest[], answers: (Expected | string)[]): void {
  const wrong: string[] = [];
  requests.forEach((request, i) => {
    const want = world.expected.get(expectKey(request.chain, request.readAddress, request.token));
    const got = answers[i];
    if (!want) wrong.push(`${request.chain} ${request.token.symbol} ${request.address}: no expected balance`);
    else if (typeof got === 'string') wrong.push(`${request.chain} ${request.token.symbol} ${request.address}: ${got}`);
    else if (got.raw !== want.raw || got.rewards !== want.rewards) {
      wrong.push(`${request.chain} ${request.token.symbol} ${request.address}: read ${got.raw}/${got.rewards}, expected ${want.raw}/${want.rewards}`);
    }
  });
  if (wrong.length > 0) throw new Error(`${label} read ${wrong.length} of ${requests.length} balances wrong:\n  ${wrong.slice(0, 5).join('\n  ')}`);
}

function snapshot(world: World): Record<ChainId, number> {
  return Object.fromEntries(CHAINS.map((c) => [c, world.counters[c]()])) as Record<ChainId, number>;
}

/** The child process that runs the readers being timed. */
export interface ReaderHost {
  /** One read by one side, its answers verified and its requests counted at the servers. */
  read(side: Side, requests: BalanceRequest[]): Promise<Measured>;
  close(): Promise<void>;
}

/** Starts the reader host (bench/earnings-host.ts) connected over IPC; reads go one at a time. */
export function startReaderHost(world: World): ReaderHost {
  const child = spawn(process.execPath, [new URL('./earnings-host.js', import.meta.url).pathname], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 0;
  let failure: Error | undefined;
  const waiting = new Map<number, { resolve: (reply: HostReply) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  child.on('message', (reply: HostReply) => {
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  child.once('error', failAll);
  child.once('exit', (code, signal) => failAll(new Error(`the reader host exited (${code ?? signal})`)));
  return {
    async read(side, requests) {
      if (failure) throw failure;
      const id = nextId++;
      const before = snapshot(world);
      const reply = await new Promise<HostReply>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, side, requests, endpoints: world.endpoints });
      });
      const after = snapshot(world);
      if ('error' in reply) throw new Error(`the ${side} reader failed: ${reply.error}`);
      verify(side === 'ours' ? 'our reader' : 'the naive reader', world, requests, reply.answers);
      const chains = new Set(requests.map((r) => r.chain));
      return { ms: reply.ms, chainMs: reply.chainMs, requests: Object.fromEntries([...chains].map((c) => [c, after[c] - before[c]])) };
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send('stop');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Median time of `times` single requests to each chain's server. */
export async function roundTrips(world: World, times = 5): Promise<Record<ChainId, number>> {
  const out = {} as Record<ChainId, number>;
  for (const chain of CHAINS) {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      await world.ping[chain]();
      samples.push(performance.now() - start);
    }
    out[chain] = median(samples);
  }
  return out;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
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

/** Peak RSS and figures of our reader reading `requests` in a fresh Node process, its answers verified. */
export async function childRead(
  world: World,
  requests: BalanceRequest[],
): Promise<{ maxRssMb: number; wallMs: number; requests: Partial<Record<ChainId, number>>; bareNodeRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'depin-bench-earnings-'));
  try {
    const jobFile = join(dir, 'job.json');
    const job: ChildJob = { requests, endpoints: world.endpoints, ...READ_OPTIONS };
    writeFileSync(jobFile, JSON.stringify(job));
    const before = snapshot(world);
    const report = JSON.parse((await runNode([new URL('./earnings-child.js', import.meta.url).pathname, jobFile])).trim()) as ChildReport;
    const after = snapshot(world);
    const answers = report.results.map((r): Expected | string =>
      'failed' in r ? r.failed : { raw: BigInt(r.raw), ...(r.rewards !== undefined ? { rewards: BigInt(r.rewards) } : {}) },
    );
    verify('our reader (child process)', world, requests, answers);
    const bare = Number(
      (
        await runNode([
          '-e',
          "console.log(/^VmHWM:\\s+(\\d+)/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? process.resourceUsage().maxRSS)",
        ])
      ).trim(),
    );
    const counted = Object.fromEntries(CHAINS.map((c) => [c, after[c] - before[c]]));
    return { maxRssMb: report.maxRssKb / 1024, wallMs: report.wallMs, requests: counted, bareNodeRssMb: bare / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
