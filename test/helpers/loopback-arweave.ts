import { base64urlnopad } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { startFaultServer, type FaultServer, type LoopbackOptions, type Route } from './fault-server.js';

/**
 * An Arweave gateway or node on loopback with the routes of its HTTP interface docs:
 * `GET /wallet/{address}/balance` (plain-text winston) and `GET /info`.
 */
export interface ArweaveState {
  /** Balances in winston; an address not listed holds 0, as on a real gateway. */
  wallets: Record<string, bigint>;
  height?: number;
  peers?: number;
}

const ADDRESS = /^[A-Za-z0-9_-]{43}$/;

/** A well-formed 43-character Arweave address (base64url of a SHA-256 from `seed`), for test wallets. */
export function arweaveAddress(seed: string): string {
  return base64urlnopad.encode(sha256(new TextEncoder().encode(seed)));
}

/** The gateway routes, to compose with any fault plan. */
export function arweaveRoutes(state: ArweaveState): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/wallet\/([^/]+)\/balance$/,
      handle(_request, [address]) {
        if (!ADDRESS.test(address)) return { status: 400, body: 'Invalid address.' };
        return { body: (state.wallets[address] ?? 0n).toString() };
      },
    },
    {
      method: 'GET',
      path: '/info',
      handle() {
        const height = state.height ?? 1_800_000;
        return {
          body: {
            network: 'arweave.N.1',
            version: 5,
            release: 84,
            height,
            current: 'nDBl5tkQoL9UoHqk1lQUkrCd1AhrmQFsXkKZYEzjc3ZOjkYQZ7E6brwsxQqsSSz5',
            blocks: height + 1,
            peers: state.peers ?? 120,
            queue_length: 0,
            node_state_latency: 1,
          },
        };
      },
    },
  ];
}

export interface LoopbackArweave extends FaultServer {
  state: ArweaveState;
}

export async function startLoopbackArweave(state: ArweaveState, options: LoopbackOptions = {}): Promise<LoopbackArweave> {
  const server = await startFaultServer(arweaveRoutes(state), options.faults, { latencyMs: options.latencyMs });
  return Object.assign(server, { state });
}
