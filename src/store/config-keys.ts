import { z } from 'zod';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';
import { redactUrl, urlSecrets } from '../net/redact.js';
import { parseSplit, SPLIT_EXAMPLE } from '../core/power-split.js';

/** One settable config key: its schema, default, the env variable that overrides it, and help text. */
export interface ConfigKey {
  key: string;
  schema: z.ZodType<string | number>;
  default?: string | number;
  env?: string;
  description: string;
}

// Trimmed: a URL pasted with a stray space would otherwise be stored and sent with it.
export const url = z
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
export const wholeNumber = (min: number, max: number) =>
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

/** Settings of `depin daemon`: the watchdog ladder and alert channels (tokens live in the secret store). */
const OPERATIONS_KEYS: ConfigKey[] = [
  {
    key: 'watchdog.failuresBeforeRestart',
    schema: positiveInt(100),
    default: 3,
    description: 'consecutive failed health checks before the daemon restarts a node',
  },
  {
    key: 'watchdog.maxRestarts',
    schema: wholeNumber(0, 100),
    default: 5,
    description: 'restarts in one incident before the daemon gives up and alerts (0: never restart)',
  },
  { key: 'watchdog.backoffSeconds', schema: positiveInt(86_400), default: 60, description: 'wait after the first restart before another; doubles each time' },
  { key: 'watchdog.backoffMaxSeconds', schema: positiveInt(604_800), default: 3600, description: 'longest wait between restarts' },
  {
    key: 'watchdog.recoveryChecks',
    schema: positiveInt(100),
    default: 3,
    description: 'consecutive healthy checks that close an incident (and send "recovered")',
  },
  { key: 'watchdog.healthTimeoutSeconds', schema: positiveInt(300), default: 10, description: "deadline of one network's health check in the daemon" },
  {
    key: 'alerts.ntfyUrl',
    schema: url,
    env: 'DEPIN_ALERTS_NTFY_URL',
    description: 'ntfy topic URL alerts are posted to (optional bearer token: `depin secret set alerts.ntfy-token`)',
  },
  {
    key: 'alerts.webhookUrl',
    schema: url,
    env: 'DEPIN_ALERTS_WEBHOOK_URL',
    description: 'URL a JSON alert is POSTed to (optional bearer token: `depin secret set alerts.webhook-token`)',
  },
  { key: 'alerts.maxPerHour', schema: positiveInt(1000), default: 20, description: 'alerts sent per hour at most; more are dropped and logged' },
  { key: 'alerts.retries', schema: wholeNumber(0, 10), default: 4, description: 'retries of an alert delivery, with backoff' },
  {
    key: 'daemon.earningsIntervalMinutes',
    schema: wholeNumber(0, 10_080),
    default: 60,
    description: 'minutes between the daemon’s earnings snapshots (one at start, then every interval; 0 turns them off)',
  },
];

/** A number of 0 or more in decimal digits (a JSON number, or a string such as "0.30"); same reasons as `wholeNumber`. */
export const decimalNumber = (max: number) =>
  z
    .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/, 'must be a number written in digits, like 0.30')], {
      error: 'must be a number, like 0.30',
    })
    .transform((v) => Number(v))
    .pipe(z.number().min(0).max(max));

/** Settings of `depin earnings --net`: what electricity costs and how it is shared. */
const POWER_KEYS: ConfigKey[] = [
  { key: 'power.kwhPrice', schema: decimalNumber(1000), description: 'price of one kWh in the currency of the earnings (unset: net profit is not computed)' },
  { key: 'power.baselineWatts', schema: decimalNumber(100_000), description: 'watts the rest of the machine draws besides its GPUs (unset: 0)' },
  {
    key: 'power.split',
    schema: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const parsed = parseSplit(v);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
      }),
    description: `how the baseline is shared between joined networks, like ${SPLIT_EXAMPLE} (unset: evenly)`,
  },
  {
    key: 'power.maxGapSeconds',
    schema: positiveInt(86_400),
    default: 300,
    description: 'power samples further apart than this are not joined: the time between them counts as not measured',
  },
];

/** depin's own keys; the settings of loaded plugins are appended by `addPluginConfigKeys`. */
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
    description: 'CoinGecko-compatible API base URL for prices',
  },
  { key: 'prices.ttlSeconds', schema: positiveInt(86_400), default: 300, description: 'how long a fetched price is reused' },
  {
    key: 'currency',
    // Checked against CoinGecko's list of currencies when prices are asked for (that list can grow).
    schema: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]{2,12}$/, 'must be a currency code like usd, eur or chf'),
    default: 'usd',
    env: 'DEPIN_CURRENCY',
    description: 'currency of every value: any code CoinGecko quotes (usd, eur, gbp, chf, jpy, …)',
  },
  { key: 'prices.callsPerMinute', schema: positiveInt(1_000), default: 5, description: 'price service requests a minute at most (daily price backfill)' },
  {
    key: 'prices.historyDays',
    schema: positiveInt(36_500),
    default: 365,
    description: 'how many days back daily prices are fetched for the value when earned',
  },
  { key: 'http.timeoutMs', schema: positiveInt(120_000), default: 10_000, description: 'timeout of one HTTP request to an endpoint' },
  { key: 'http.retries', schema: wholeNumber(0, 10), default: 3, description: 'retries on 429/5xx/timeouts, with backoff' },
  { key: 'http.concurrency', schema: positiveInt(64), default: 8, description: 'requests in flight at once per endpoint' },
  {
    key: 'http.maxResponseBytes',
    schema: wholeNumber(1_024, 1_073_741_824),
    default: 16_777_216,
    description: 'largest response body accepted from an endpoint (bytes); a bigger one is abandoned, not retried',
  },
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
  ...OPERATIONS_KEYS,
  ...POWER_KEYS,
];

const byKey = new Map(CONFIG_KEYS.map((k) => [k.key, k]));
/** Namespaces of plugins that could not be loaded: their stored settings are kept, unchecked. */
const unloaded = new Set<string>();

/**
 * Adds the settings plugins declare (`<pluginId>.<key>`; the plugin host calls this once plugins are
 * loaded), so `CONFIG_KEYS` lists them and `configKey` checks them. A key that is already known keeps
 * its first definition. `unloadedNamespaces` are ids of plugins that failed to load: a value stored
 * under them stays readable rather than making the whole config file invalid.
 */
export function addPluginConfigKeys(keys: ConfigKey[], unloadedNamespaces: string[] = []): void {
  for (const key of keys) {
    if (byKey.has(key.key)) continue;
    byKey.set(key.key, key);
    CONFIG_KEYS.push(key);
  }
  for (const namespace of unloadedNamespaces) unloaded.add(namespace);
}

const storedAsIs = z.union([z.string(), z.number()]);

export function configKey(key: string): ConfigKey | undefined {
  const known = byKey.get(key);
  if (known) return known;
  const namespace = key.split('.')[0];
  if (key.includes('.') && unloaded.has(namespace)) return { key, schema: storedAsIs, description: `setting of plugin "${namespace}", which is disabled` };
  return undefined;
}

/**
 * A value as it may be shown (`config list`, the `config set` echo): endpoint URLs with their
 * credentials, key-like path segments and query values masked. `config get` prints the value itself.
 */
export function displayValue(key: string, value: string | number): string {
  // Only a URL that carries a secret is rewritten: anything else is shown exactly as stored.
  return typeof value === 'string' && configKey(key)?.schema === url && urlSecrets(value).length > 0 ? redactUrl(value) : String(value);
}
