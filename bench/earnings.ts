import { cpus } from 'node:os';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import { COMET_MAX_BATCH } from './earnings-akash.js';
import { bareNodeRssMb, freshRead, loadTimes, type FreshRun } from './earnings-fresh.js';
import type { Side } from './earnings-host.js';
import type { LoadTimes } from './earnings-load.js';
import { median, requestsFor, roundTrips, serverOf, startReaderHost, type Measured, type ReaderHost } from './earnings-measure.js';
import { NAIVE_CONCURRENCY } from './earnings-naive.js';
import { printEarnings } from './earnings-report.js';
import { CHAINS, startWorld, walletCounts, type ServerId } from './earnings-world.js';

/** Latency every loopback server adds to each request. */
export const LATENCY_MS = 50;
export const SMALL = 10;
export const LARGE = 100;
/** Goals from the design: wall time against the slowest single round trip, and peak memory. */
export const WALL_GOAL = 1.5;
export const RSS_GOAL_MB = 150;

/** One row of the benchmark: a chain as ours reads it with `akash.api=rpc`, or Akash through its LCD. */
export interface RowFigures {
  server: ServerId;
  chain: ChainId;
  wallets: [small: number, large: number];
  /** Balances read in the large run (wallets × the chain's tokens). */
  balances: number;
  oursRequests: [small: number, large: number];
  /** On the chain's own row only; the naive reader reads Akash from the LCD. */
  naiveRequests?: [small: number, large: number];
  /** Median time of one request to this server. */
  roundTripMs: number;
  /** Median time of our read of this row's large-run balances on their own, in the reader process. */
  oursAloneMs: number;
  /** Median time until the chain was done in the large run (all chains at once), in the reader process. */
  oursMs: number;
  /** Median time until the chain was done in a fresh process: empty derivation store, and filled by a previous run. */
  firstRunMs?: number;
  laterRunMs?: number;
  naiveMs?: number;
}

/** Our reader in fresh processes, one kind of run (first or later). */
export interface FreshFigures {
  runs: number;
  wallMs: number;
  minMs: number;
  maxMs: number;
  /** Highest peak RSS of those processes. */
  maxRssMb: number;
  /** Solana token accounts derived per run (the most of any run). */
  derivations: number;
}

/** Everything the earnings benchmark measured. */
export interface EarningsFigures {
  latencyMs: number;
  runs: number;
  concurrency: number;
  cores: number;
  rows: RowFigures[];
  /** In the reader process, after warm-up (modules loaded, connections open), large run, medians. */
  oursMs: number;
  oursLcdMs: number;
  naiveMs: number;
  oursSmallMs: number;
  naiveSmallMs: number;
  /** naive / ours, both in the reader process. */
  speedup: number;
  first: FreshFigures;
  later: FreshFigures;
  /** Entries the first run left in the derivation store. */
  storedEntries: number;
  /** The slowest round trip of the servers `akash.api=rpc` reads, and of those `akash.api=lcd` reads. */
  slowest: { server: ServerId; ms: number };
  slowestLcd: { server: ServerId; ms: number };
  /** Rows of `akash.api=rpc` whose requests grew from the small to the large run; goal: none. */
  growing: ServerId[];
  bareNodeRssMb: number;
  /** Module loading alone in a fresh process (medians): the part of a fresh run that is not waiting on the network. */
  load: LoadTimes;
  /** Every Akash wallet the servers know, more than one CometBFT batch holds, read on its own. */
  probe: { wallets: number; maxBatch: number; rpc: { requests: number; ms: number }; lcd: { requests: number; ms: number } };
}

const chainMedian = (runs: { chainMs: Partial<Record<ChainId, number>> }[], chain: ChainId) => median(runs.map((r) => r.chainMs[chain] ?? NaN));
const mostRequests = (runs: { requests: Partial<Record<ChainId, number>> }[], chain: ChainId) => Math.max(...runs.map((r) => r.requests[chain] ?? 0));

function freshFigures(runs: FreshRun[]): FreshFigures {
  const walls = runs.map((r) => r.wallMs);
  return {
    runs: runs.length,
    wallMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    maxRssMb: Math.max(...runs.map((r) => r.rssMb)),
    derivations: Math.max(...runs.map((r) => r.derivations)),
  };
}

/** Median time and most requests of `times` reads of `requests` by one side. */
async function repeat(host: ReaderHost, side: Side, requests: BalanceRequest[], times = 3): Promise<{ ms: number; requests: number }> {
  const reads: Measured[] = [];
  for (let i = 0; i < times; i++) reads.push(await host.read(side, requests));
  return { ms: median(reads.map((r) => r.ms)), requests: mostRequests(reads, requests[0].chain) };
}

/**
 * `depin earnings`' read path against a naive per-(address, token) reader: 100 wallets across every
 * chain, loopback servers that add 50 ms to each request, answers of every read checked against the
 * known balances. Ours is timed in a long-lived process (steady state) and in fresh processes, as
 * a user's first run (empty derivation store) and later runs (store filled by the first). Prints a
 * table and returns the figures. Every server and process is stopped at the end.
 */
export async function earningsBenchmark(options: { runs?: number } = {}): Promise<EarningsFigures> {
  const runs = options.runs ?? 5;
  const world = await startWorld(LATENCY_MS);
  const host = startReaderHost(world);
  try {
    const small = requestsFor(world, SMALL);
    const large = requestsFor(world, LARGE);
    const sides: Side[] = ['ours', 'ours-lcd', 'naive'];
    // Warm-up: module loading, JIT and connection pools, for every side alike.
    for (const side of sides) await host.read(side, large);
    const smallRead = {} as Record<Side, Measured>;
    for (const side of sides) smallRead[side] = await host.read(side, small);
    const largeReads: Record<Side, Measured[]> = { ours: [], 'ours-lcd': [], naive: [] };
    // Alternating, so that machine load affects every side alike.
    for (let i = 0; i < runs; i++) for (const side of sides) largeReads[side].push(await host.read(side, large));

    const alone = {} as Record<ServerId, number>;
    for (const chain of CHAINS)
      alone[chain] = (
        await repeat(
          host,
          'ours',
          large.filter((r) => r.chain === chain),
        )
      ).ms;
    alone['akash-lcd'] = (
      await repeat(
        host,
        'ours-lcd',
        large.filter((r) => r.chain === 'akash'),
      )
    ).ms;
    const akashAll = world.wallets.akash.flatMap((address) =>
      world.tokens.akash.map((token): BalanceRequest => ({ chain: 'akash', address, readAddress: address, token })),
    );
    const probe = {
      wallets: world.wallets.akash.length,
      maxBatch: COMET_MAX_BATCH,
      rpc: await repeat(host, 'ours', akashAll),
      lcd: await repeat(host, 'ours-lcd', akashAll),
    };
    const rtt = await roundTrips(world);

    // A user's first run, then later runs finding what the first one stored; alternating, for load.
    const first: FreshRun[] = [];
    const later: FreshRun[] = [];
    for (let i = 0; i < runs; i++) {
      first.push(await freshRead(world, large, []));
      later.push(await freshRead(world, large, first[0].written));
    }
    const bareRss = await bareNodeRssMb();
    const load = await loadTimes(runs);

    const smallCounts = walletCounts(SMALL);
    const largeCounts = walletCounts(LARGE);
    const rowOf = (server: ServerId): RowFigures => {
      const chain: ChainId = server === 'akash-lcd' ? 'akash' : server;
      const side: Side = server === 'akash-lcd' ? 'ours-lcd' : 'ours';
      return {
        server,
        chain,
        wallets: [smallCounts[chain], largeCounts[chain]],
        balances: large.filter((r) => r.chain === chain).length,
        oursRequests: [
          smallRead[side].requests[chain] ?? 0,
          Math.max(mostRequests(largeReads[side], chain), side === 'ours' ? mostRequests([...first, ...later], chain) : 0),
        ],
        naiveRequests: server === chain ? [smallRead.naive.requests[chain] ?? 0, mostRequests(largeReads.naive, chain)] : undefined,
        roundTripMs: rtt[server],
        oursAloneMs: alone[server],
        oursMs: chainMedian(largeReads[side], chain),
        firstRunMs: side === 'ours' ? chainMedian(first, chain) : undefined,
        laterRunMs: side === 'ours' ? chainMedian(later, chain) : undefined,
        naiveMs: server === chain ? chainMedian(largeReads.naive, chain) : undefined,
      };
    };
    const rows = [...CHAINS, 'akash-lcd' as const].map(rowOf);
    const slowestOf = (servers: ServerId[]) => servers.map((server) => ({ server, ms: rtt[server] })).reduce((a, b) => (b.ms > a.ms ? b : a));
    const oursMs = median(largeReads.ours.map((r) => r.ms));
    const naiveMs = median(largeReads.naive.map((r) => r.ms));
    const figures: EarningsFigures = {
      latencyMs: LATENCY_MS,
      runs,
      concurrency: NAIVE_CONCURRENCY,
      cores: cpus().length,
      rows,
      oursMs,
      oursLcdMs: median(largeReads['ours-lcd'].map((r) => r.ms)),
      naiveMs,
      oursSmallMs: smallRead.ours.ms,
      naiveSmallMs: smallRead.naive.ms,
      speedup: naiveMs / oursMs,
      first: freshFigures(first),
      later: freshFigures(later),
      storedEntries: first[0].written.length,
      slowest: slowestOf([...CHAINS]),
      slowestLcd: slowestOf(CHAINS.map((c) => serverOf(c, 'ours-lcd'))),
      growing: rows.filter((r) => r.server !== 'akash-lcd' && r.oursRequests[1] > r.oursRequests[0]).map((r) => r.server),
      bareNodeRssMb: bareRss,
      load,
      probe,
    };
    printEarnings(figures, { wallGoal: WALL_GOAL, rssGoalMb: RSS_GOAL_MB });
    return figures;
  } finally {
    await host.close();
    await world.close();
  }
}
