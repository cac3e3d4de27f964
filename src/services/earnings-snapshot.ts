import type { BalanceResult } from '../chains/types.js';
import type { ReadAllOptions } from '../chains/read-all.js';
import type { FailureInput } from '../core/earnings.js';
import type { ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';
import { DepinError } from '../domain/errors.js';
import { commandDeadlineMs } from '../net/deadline.js';
import { readPolicy } from '../net/http-client.js';
import { redactText } from '../net/redact.js';
import type { ChainId } from '../plugin-api/types.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { PriceLookup } from '../prices/price-cache.js';
import { CONFIG_KEYS } from '../store/config-keys.js';
import type { HistoryDb } from '../store/history-db.js';
import type { WalletEntry } from '../wallet/book.js';
import type { TrackedRequest } from './earnings-requests.js';
import type { SourceFailure } from './earnings-rewards.js';
import type { SnapshotEnv } from './plugin-host.js';

export type { SnapshotEnv } from './plugin-host.js';
export type { SourceFailure } from './earnings-rewards.js';

/** What a wrapper around the balance reads may add: per-chain progress and its own cancel. */
export type ReadHooks = Pick<ReadAllOptions, 'onChainStart' | 'onChainDone' | 'signal'>;

/** Runs the reads it is handed (with its hooks) and shows their progress: the command's spinner. */
export type ChainProgress = (read: (hooks: ReadHooks) => Promise<BalanceResult[]>) => Promise<BalanceResult[]>;

export interface SnapshotInput {
  plugins: LoadedPlugin[];
  wallets: WalletEntry[];
  db: HistoryDb;
  /** The time every balance of this snapshot is stamped with. */
  now: number;
  /** Read prices from the database only and no balance at all. */
  offline?: boolean;
  /** Stops the run (Ctrl-C, the daemon shutting down): unfinished reads end and nothing is written. */
  signal?: AbortSignal;
  progress?: ChainProgress;
  /** Currency the spot prices are read in (default usd). */
  currency?: string;
}

/** What one snapshot read and stored; every reason in it is already redacted. */
export interface SnapshotResult {
  takenAt: number;
  /** Balances asked for. */
  requested: number;
  /** Balances read and stored. */
  stored: number;
  /** Network reward readings stored. */
  rewards: number;
  readFailures: FailureInput[];
  sourceFailures: SourceFailure[];
  prices: PriceLookup;
  coingeckoIds: string[];
  /** Run-wide HTTP deadline that bounded the reads. */
  deadlineMs: number;
}

/** The run's HTTP settings from the config. */
export function httpSettings(env: SnapshotEnv) {
  return {
    timeoutMs: env.config.number('http.timeoutMs'),
    retries: env.config.number('http.retries'),
    concurrency: env.config.number('http.concurrency'),
    maxResponseBytes: env.config.number('http.maxResponseBytes'),
  };
}

/** Masks the credentials of every endpoint URL the user configured, in anything printed or stored. */
export function configRedactor(config: SnapshotEnv['config']): (text: string) => string {
  const endpoints = CONFIG_KEYS.map((k) => config.get(k.key)).filter((v): v is string => typeof v === 'string' && /^https?:\/\//i.test(v));
  return (text: string) => redactText(text, endpoints);
}

/** The longest one snapshot may take under the configured HTTP policy. */
export function snapshotDeadlineMs(env: SnapshotEnv): number {
  const policy = httpSettings(env);
  return commandDeadlineMs(policy.timeoutMs, policy.retries);
}

export function cancelledError(): DepinError {
  return new DepinError('CANCELLED', 'the earnings snapshot was cancelled before it was written; nothing was stored', { kind: 'cancelled' });
}

/**
 * Reads every tracked balance, the networks' reward sources and the prices under one deadline, and
 * records the balances, failures and rewards in one transaction: `depin earnings` and the daemon's
 * scheduled snapshots both run this. A chain that cannot be read is a failure in the result, never
 * a throw; a cancelled run writes nothing.
 */
export async function takeEarningsSnapshot(env: SnapshotEnv, input: SnapshotInput): Promise<SnapshotResult> {
  const { db, plugins, wallets, now } = input;
  const { getSpotPrices } = await import('../prices/price-cache.js');
  const config = env.config;
  const policy = httpSettings(env);
  // One deadline for the whole run: prices, chains and reward sources start together and end by it.
  const deadlineMs = commandDeadlineMs(policy.timeoutMs, policy.retries);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const stopAll = input.signal ? AbortSignal.any([deadline.signal, input.signal]) : deadline.signal;
  const redact = configRedactor(config);
  try {
    const readFailures: FailureInput[] = [];
    let sourceFailures: SourceFailure[] = [];
    let requested = 0;
    let stored = 0;
    let rewardCount = 0;
    const coingeckoIds = new Set<string>();
    for (const p of plugins) for (const t of p.definition.manifest.tokens) if (t.coingeckoId) coingeckoIds.add(t.coingeckoId);

    const prices = getSpotPrices(db, [...coingeckoIds], input.currency ?? 'usd', {
      baseUrl: config.get('prices.url'),
      ttlMs: config.number('prices.ttlSeconds') * 1000,
      offline: input.offline,
      env: env.env,
      policy: readPolicy(policy),
      signal: stopAll,
    });
    // Awaited after the reads; this only keeps an early failure from counting as unhandled meanwhile.
    prices.catch(() => {});

    if (!input.offline) {
      const [{ planRequests }, { readRewardSources }] = await Promise.all([import('./earnings-requests.js'), import('./earnings-rewards.js')]);
      const plan = planRequests(wallets, plugins);
      requested = plan.requests.length;
      for (const w of plan.unmatched) env.output.warn(`${w.address} (${w.chain}) fits none of the selected networks' chains; nothing to read`);
      for (const { wallet, reason } of plan.invalid)
        env.output.warn(`${wallet.address} in the wallet book is not valid any more (${reason}); remove it with \`depin wallet remove\``);
      const chainEndpoints = {} as Record<ChainId, string>;
      for (const chain of new Set(plan.requests.map((r) => r.chain))) chainEndpoints[chain] = config.get(`rpc.${chain}`)!;
      const read = (hooks: ReadHooks) =>
        readChains(plan.requests, chainEndpoints, {
          ...policy,
          chainTimeoutMs: deadlineMs,
          solanaMode: config.get('solana.scan') as 'ata' | 'scan',
          derivationCache: db.derivationCache(),
          akashApi: config.get('akash.api') as 'lcd' | 'rpc',
          ...hooks,
          signal: anySignal(hooks.signal, input.signal),
        });
      const [results, rewards] = await Promise.all([
        plan.requests.length === 0 ? [] : input.progress ? input.progress(read) : read({}),
        readRewardSources(env, plugins, wallets, policy, { signal: deadline.signal, ms: deadlineMs }, input.signal),
      ]);
      const { snapshots, failures, pending } = await toRows(results, now, redact);
      for (const f of failures) readFailures.push(f);
      const rewardRows: RewardRecord[] = [...rewards.records, ...pending];
      // A cancelled run may have read only part of what it asked for: nothing half-read is stored.
      if (input.signal?.aborted) throw cancelledError();
      db.recordRun({ snapshots, failures: failures.map(({ symbol: _s, decimals: _d, ...row }) => row), rewards: rewardRows });
      stored = snapshots.length;
      rewardCount = rewardRows.length;
      sourceFailures = rewards.failures.map((f) => ({ ...f, reason: redact(f.reason) }));
    }

    const lookup = await prices;
    if (lookup.reason) lookup.reason = redact(lookup.reason);
    return { takenAt: now, requested, stored, rewards: rewardCount, readFailures, sourceFailures, prices: lookup, coingeckoIds: [...coingeckoIds], deadlineMs };
  } finally {
    clearTimeout(timer);
  }
}

/** The results as history rows; Cosmos unclaimed staking rewards become reward readings. */
async function toRows(results: BalanceResult[], now: number, redact: (text: string) => string) {
  const snapshots: SnapshotRow[] = [];
  const failures: FailureInput[] = [];
  const pending: RewardRecord[] = [];
  for (const r of results) {
    const req = r.request as TrackedRequest;
    const token = req.token.native ? 'native' : req.token.mint!;
    if (r.status !== 'ok') {
      const row: ReadFailureRow = { at: now, chain: req.chain, status: r.status, reason: redact(r.reason), network: req.network, wallet: req.address, token };
      failures.push({ ...row, symbol: req.token.symbol, decimals: req.token.decimals });
      continue;
    }
    snapshots.push({
      takenAt: now,
      wallet: req.address,
      chain: req.chain,
      network: req.network,
      symbol: req.token.symbol,
      token,
      decimals: req.token.decimals,
      raw: r.raw,
      coingeckoId: req.token.coingeckoId,
    });
    const extra = r.extra?.pendingRewards;
    if (extra !== undefined && extra > 0n) {
      const { formatUnits } = await import('../core/amount.js');
      pending.push({
        at: now,
        network: req.network,
        sourceId: `${req.chain}-distribution`,
        source: 'unclaimed staking rewards (Cosmos distribution module)',
        symbol: req.token.symbol,
        chain: req.chain,
        amount: formatUnits(extra, req.token.decimals),
        unit: 'token',
        kind: 'pending',
        wallet: req.address,
      });
    }
  }
  return { snapshots, failures, pending };
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/** Reads every chain concurrently; the CometBFT reader batches every Akash address when asked for. */
async function readChains(
  requests: TrackedRequest[],
  endpoints: Partial<Record<ChainId, string>>,
  options: Omit<ReadAllOptions, 'readers'> & { akashApi: 'lcd' | 'rpc' },
): Promise<BalanceResult[]> {
  const { readAll } = await import('../chains/read-all.js');
  const { akashApi, ...readOptions } = options;
  const readers =
    akashApi === 'rpc' && requests.some((r) => r.chain === 'akash') ? { akash: (await import('../chains/cosmos-rpc-reader.js')).cosmosRpcReader } : undefined;
  return readAll(requests, endpoints, { ...readOptions, readers });
}
