import { z } from 'zod';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';

/** One settable config key: its schema, default, the env variable that overrides it, and help text. */
export interface ConfigKey {
  key: string;
  schema: z.ZodType<string | number>;
  default?: string | number;
  env?: string;
  description: string;
}

// Trimmed: a URL pasted with a stray space would otherwise be stored and sent with it.
const url = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

/**
 * A whole number written in decimal: a JSON number, or a string of digits (spaces around allowed).
 * Number() alone would read "" and null as 0, true as 1, "0x10" as 16 and "1e3" as 1000, so a typo
 * could silently become a zero timeout or no retries.
 */
const wholeNumber = (min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^\s*\d+\s*$/, 'must be a whole number written in digits, like 10')], {
      error: 'must be a whole number, like 10',
    })
    .transform((v) => Number(v))
    .pipe(z.number().int().min(min).max(max));

const positiveInt = (max: number) => wholeNumber(1, max);

/** Public endpoints used when the user configures none (all from the networks reference). */
export const DEFAULT_RPC: Record<ChainId, string> = {
  solana: 'https://api.mainnet-beta.solana.com',
  ethereum: 'https://ethereum.publicnode.com',
  iotex: 'https://babel-api.mainnet.iotex.io',
  peaq: 'https://peaq-rpc.publicnode.com',
  filecoin: 'https://api.node.glif.io/rpc/v1',
  akash: 'https://akash-rest.publicnode.com',
  arweave: 'https://arweave.net',
};

export const CONFIG_KEYS: ConfigKey[] = [
  ...CHAIN_IDS.map((chain) => ({
    key: `rpc.${chain}`,
    schema: url,
    default: DEFAULT_RPC[chain],
    env: `DEPIN_RPC_${chain.toUpperCase()}`,
    description: `${chain} endpoint for balance reads${chain === 'akash' ? ' (Cosmos LCD)' : chain === 'arweave' ? ' (gateway)' : chain === 'filecoin' ? ' (Lotus JSON-RPC)' : ''}`,
  })),
  {
    key: 'prices.url',
    schema: url,
    default: 'https://api.coingecko.com/api/v3',
    env: 'DEPIN_PRICES_URL',
    description: 'CoinGecko-compatible API base URL for USD prices',
  },
  { key: 'prices.ttlSeconds', schema: positiveInt(86_400), default: 300, description: 'how long a fetched price is reused' },
  { key: 'http.timeoutMs', schema: positiveInt(120_000), default: 10_000, description: 'timeout of one HTTP request to an endpoint' },
  { key: 'http.retries', schema: wholeNumber(0, 10), default: 3, description: 'retries on 429/5xx/timeouts, with backoff' },
  { key: 'http.concurrency', schema: positiveInt(64), default: 8, description: 'requests in flight at once per endpoint' },
  {
    key: 'akash.api',
    schema: z.enum(['lcd', 'rpc']),
    default: 'lcd',
    description: "'lcd': rpc.akash is a Cosmos LCD (one request per address); 'rpc': rpc.akash is a CometBFT RPC and all addresses go in JSON-RPC batches",
  },
  {
    key: 'solana.scan',
    schema: z.enum(['ata', 'scan']),
    default: 'ata',
    description: "'ata' reads associated token accounts (one batched request); 'scan' also finds other token accounts",
  },
  { key: 'storj.dashboardUrl', schema: url, default: 'http://127.0.0.1:14002', description: "Storj node's local dashboard API (estimated payout)" },
  {
    key: 'arweave.releaseUrl',
    schema: url,
    description: "where `depin join arweave` downloads releases (N.<version>/ archives and checksums.txt); unset: Arweave's GitHub releases",
  },
  {
    key: 'arweave.version',
    schema: z.string().regex(/^\d+\.\d+\.\d+(?:\.\d+)?$/, 'must be a release version such as 2.9.5'),
    description: 'Arweave release `depin join arweave` installs; unset: the version this depin pins',
  },
  { key: 'helium.entitiesUrl', schema: url, default: 'https://entities.nft.helium.io', description: 'Helium entity API (hotspots of a wallet)' },
  { key: 'helium.oracleUrl', schema: url, default: 'https://hnt-rewards.oracle.helium.io', description: 'Helium HNT rewards oracle' },
  {
    key: 'filecoin.minerId',
    schema: z.string().regex(/^f0\d{1,20}$/, 'must be a miner actor id like f01234'),
    description: 'storage provider miner id whose available balance is tracked',
  },
];

const byKey = new Map(CONFIG_KEYS.map((k) => [k.key, k]));

export function configKey(key: string): ConfigKey | undefined {
  return byKey.get(key);
}
