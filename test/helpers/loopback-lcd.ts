import { bech32 } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { startFaultServer, type FaultServer, type LoopbackOptions, type Route } from './fault-server.js';

/** A coin as the bank module lists it: integer base units. */
export interface Coin {
  denom: string;
  amount: string;
}

/** A DecCoin: a decimal amount with up to 18 decimals, as the distribution module reports it. */
export type DecCoin = Coin;

/**
 * A Cosmos SDK LCD on loopback with the bank balances route (paginated) and the distribution
 * delegator rewards route, in the shapes of the cosmos-sdk query protos.
 */
export interface LcdState {
  balances: Record<string, Coin[]>;
  /** Per delegator: rewards per validator; `total` is computed as the LCD does. */
  rewards?: Record<string, { validator: string; reward: DecCoin[] }[]>;
  /** Balances per page; the LCD's default is 100. */
  pageSize?: number;
}

const DEC_PLACES = 18;
const ADDRESS = /^akash1[02-9ac-hj-np-z]{38}$/;

function parseDec(amount: string): bigint {
  const [whole, frac = ''] = amount.split('.');
  return BigInt(whole + frac.padEnd(DEC_PLACES, '0'));
}

function formatDec(value: bigint): string {
  const digits = value.toString().padStart(DEC_PLACES + 1, '0');
  return `${digits.slice(0, -DEC_PLACES)}.${digits.slice(-DEC_PLACES)}`;
}

/** Sums DecCoins by denom, printing 18 decimals as the SDK's LegacyDec does. */
export function sumDecCoins(coins: DecCoin[]): DecCoin[] {
  const sums = new Map<string, bigint>();
  for (const coin of coins) sums.set(coin.denom, (sums.get(coin.denom) ?? 0n) + parseDec(coin.amount));
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([denom, value]) => ({ denom, amount: formatDec(value) }));
}

/** A well-formed `akash1…` address (20 bytes from `seed`, bech32 checksum); `akashvaloper` for validators. */
export function akashAddress(seed: string, prefix = 'akash'): string {
  return bech32.encode(prefix, bech32.toWords(sha256(new TextEncoder().encode(seed)).slice(0, 20)));
}

const badAddress = (address: string) => ({
  status: 400,
  body: { code: 3, message: `invalid address ${address}: decoding bech32 failed: invalid checksum`, details: [] },
});

/** The LCD routes, to compose with any fault plan. */
export function lcdRoutes(state: LcdState): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/cosmos\/bank\/v1beta1\/balances\/([^/]+)$/,
      handle(request, [address]) {
        if (!ADDRESS.test(address)) return badAddress(address);
        const coins = [...(state.balances[address] ?? [])].sort((a, b) => a.denom.localeCompare(b.denom));
        const pageSize = state.pageSize ?? 100;
        // Like the SDK, the key is the store key of the next entry (here its denom), base64-encoded.
        const key = request.url.searchParams.get('pagination.key');
        const start = key ? coins.findIndex((c) => c.denom === Buffer.from(key, 'base64').toString('utf8')) : 0;
        if (start < 0) return { status: 400, body: { code: 3, message: 'invalid pagination key', details: [] } };
        const page = coins.slice(start, start + pageSize);
        const next = coins[start + pageSize];
        return {
          body: {
            balances: page,
            pagination: { next_key: next ? Buffer.from(next.denom, 'utf8').toString('base64') : null, total: key ? '0' : String(coins.length) },
          },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/cosmos\/distribution\/v1beta1\/delegators\/([^/]+)\/rewards$/,
      handle(_request, [address]) {
        if (!ADDRESS.test(address)) return badAddress(address);
        const entries = state.rewards?.[address] ?? [];
        return {
          body: {
            rewards: entries.map((entry) => ({ validator_address: entry.validator, reward: sumDecCoins(entry.reward) })),
            total: sumDecCoins(entries.flatMap((entry) => entry.reward)),
          },
        };
      },
    },
  ];
}

export interface LoopbackLcd extends FaultServer {
  state: LcdState;
}

export async function startLoopbackLcd(state: LcdState, options: LoopbackOptions = {}): Promise<LoopbackLcd> {
  const server = await startFaultServer(lcdRoutes(state), options.faults, { latencyMs: options.latencyMs });
  return Object.assign(server, { state });
}
