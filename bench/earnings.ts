import type { ChainId } from '../src/plugin-api/types.js';
import { childRead, median, requestsFor, roundTrips, startReaderHost, type Measured } from './earnings-measure.js';
import { NAIVE_CONCURRENCY } from './earnings-naive.js';
import { printEarnings } from './earnings-report.js';
import { CHAINS, startWorld, walletCounts } from './earnings-world.js';

/** Latency every loopback server adds to each request. */
export const LATENCY_MS = 50;
export const SMALL = 10;
export const LARGE = 100;
/** Goals from the design: wall time against the slowest single round trip, and peak memory. */
export const WALL_GOAL = 1.5;
export const RSS_GOAL_MB = 150;

/** One chain's row of the benchmark. */
export interface ChainFigures {
  chain: ChainId;
  wallets: [small: number, large: number];
  /** Balances read in the large run (wallets × the chain's tokens). */
  balances: number;
  oursRequests: [small: number, large: number];
  naiveRequests: [small: number, large: number];
  /** Median time of one request to the chain's server. */
  roundTripMs: number;
  /** Median time until the chain was done in the large run (all chains at once). */
  oursMs: number;
  /** Median time of our read of this chain's large-run balances on their own. */
  oursAloneMs: number;
  naiveMs: number;
}

/** Everything the earnings benchmark measured. */
export interface EarningsFigures {
  latencyMs: number;
  runs: number;
  chains: ChainFigures[];
  oursMs: number;
  naiveMs: number;
  oursSmallMs: number;
  naiveSmallMs: number;
  /** naive / ours, large run. */
  speedup: number;
  slowestRoundTripMs: number;
  slowestChain: ChainId;
  /** ours / slowest single round trip; goal <= WALL_GOAL. */
  wallRatio: number;
  /** Chains whose request count grew from the small to the large run; goal: none. */
  growing: ChainId[];
  peakRssMb: number;
  bareNodeRssMb: number;
  childWallMs: number;
}

const chainMedian = (runs: Measured[], chain: ChainId) => median(runs.map((r) => r.chainMs[chain] ?? NaN));
const mostRequests = (runs: Measured[], chain: ChainId) => Math.max(...runs.map((r) => r.requests[chain] ?? 0));

/**
 * `depin earnings`' read path against a naive per-(address, token) reader: 100 wallets across every
 * chain, loopback servers that add 50 ms to each request, answers of both checked against the known
 * balances. Prints a table and returns the figures. Every server and process is stopped at the end.
 */
export async function earningsBenchmark(options: { runs?: number } = {}): Promise<EarningsFigures> {
  const runs = options.runs ?? 5;
  const world = await startWorld(LATENCY_MS);
  const host = startReaderHost(world);
  try {
    const small = requestsFor(world, SMALL);
    const large = requestsFor(world, LARGE);
    // Warm-up: module loading, JIT and connection pools, for both sides alike.
    await host.read('ours', large);
    await host.read('naive', large);
    const oursSmall = await host.read('ours', small);
    const naiveSmall = await host.read('naive', small);
    const ours: Measured[] = [];
    const naive: Measured[] = [];
    // Alternating, so that machine load affects both sides alike.
    for (let i = 0; i < runs; i++) {
      ours.push(await host.read('ours', large));
      naive.push(await host.read('naive', large));
    }
    const alone = {} as Record<ChainId, number>;
    for (const chain of CHAINS) {
      const only = large.filter((r) => r.chain === chain);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push((await host.read('ours', only)).ms);
      alone[chain] = median(times);
    }
    const rtt = await roundTrips(world);
    const child = await childRead(world, large);

    const smallCounts = walletCounts(SMALL);
    const largeCounts = walletCounts(LARGE);
    const chains: ChainFigures[] = CHAINS.map((chain) => ({
      chain,
      wallets: [smallCounts[chain], largeCounts[chain]],
      balances: large.filter((r) => r.chain === chain).length,
      oursRequests: [oursSmall.requests[chain] ?? 0, Math.max(mostRequests(ours, chain), child.requests[chain] ?? 0)],
      naiveRequests: [naiveSmall.requests[chain] ?? 0, mostRequests(naive, chain)],
      roundTripMs: rtt[chain],
      oursMs: chainMedian(ours, chain),
      oursAloneMs: alone[chain],
      naiveMs: chainMedian(naive, chain),
    }));
    const slowest = chains.reduce((a, b) => (b.roundTripMs > a.roundTripMs ? b : a));
    const oursMs = median(ours.map((r) => r.ms));
    const naiveMs = median(naive.map((r) => r.ms));
    const figures: EarningsFigures = {
      latencyMs: LATENCY_MS,
      runs,
      chains,
      oursMs,
      naiveMs,
      oursSmallMs: oursSmall.ms,
      naiveSmallMs: naiveSmall.ms,
      speedup: naiveMs / oursMs,
      slowestRoundTripMs: slowest.roundTripMs,
      slowestChain: slowest.chain,
      wallRatio: oursMs / slowest.roundTripMs,
      growing: chains.filter((c) => c.oursRequests[1] > c.oursRequests[0]).map((c) => c.chain),
      peakRssMb: child.maxRssMb,
      bareNodeRssMb: child.bareNodeRssMb,
      childWallMs: child.wallMs,
    };
    printEarnings(figures, { concurrency: NAIVE_CONCURRENCY, wallGoal: WALL_GOAL, rssGoalMb: RSS_GOAL_MB });
    return figures;
  } finally {
    await host.close();
    await world.close();
  }
}
