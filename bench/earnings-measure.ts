import { spawn } from 'node:child_process';
import type { BalanceRequest } from '../src/chains/types.js';
import type { ChainId } from '../src/plugin-api/types.js';
import type { HostReply, Side } from './earnings-host.js';
import { CHAINS, expectKey, SERVERS, walletCounts, type Expected, type ServerId, type World } from './earnings-world.js';

/** One read of a set of balances: its wall time, when each chain finished, and the requests each chain's server (for that side) saw. */
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

/** The server a side reads a chain from: Akash from the CometBFT RPC for ours, from the LCD otherwise. */
export const serverOf = (chain: ChainId, side: Side): ServerId => (chain === 'akash' && side !== 'ours' ? 'akash-lcd' : chain);

/** The endpoints a side reads, by chain. */
export function endpointsFor(world: World, side: Side): Record<ChainId, string> {
  return Object.fromEntries(CHAINS.map((chain) => [chain, world.endpoints[serverOf(chain, side)]])) as Record<ChainId, string>;
}

/** Throws unless every answer is the balance the servers were given; names the first few that are not. */
export function verify(label: string, world: World, requests: BalanceRequest[], answers: (Expected | string)[]): void {
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

export function snapshot(world: World): Record<ServerId, number> {
  return Object.fromEntries(SERVERS.map((s) => [s, world.counters[s]()])) as Record<ServerId, number>;
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
        child.send({ id, side, requests, endpoints: endpointsFor(world, side) });
      });
      const after = snapshot(world);
      if ('error' in reply) throw new Error(`the ${side} reader failed: ${reply.error}`);
      verify(side === 'naive' ? 'the naive reader' : `our reader (${side})`, world, requests, reply.answers);
      const chains = new Set(requests.map((r) => r.chain));
      const counted = [...chains].map((c) => [c, after[serverOf(c, side)] - before[serverOf(c, side)]]);
      return { ms: reply.ms, chainMs: reply.chainMs, requests: Object.fromEntries(counted) };
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

/** Median time of `times` single requests to each server. */
export async function roundTrips(world: World, times = 5): Promise<Record<ServerId, number>> {
  const out = {} as Record<ServerId, number>;
  for (const server of SERVERS) {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      await world.ping[server]();
      samples.push(performance.now() - start);
    }
    out[server] = median(samples);
  }
  return out;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
