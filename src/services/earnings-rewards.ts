import { configKey } from '../store/config-keys.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { RewardReading, Tagged } from '../plugin-api/types.js';
import type { RewardRecord } from '../domain/records.js';
import type { WalletEntry } from '../wallet/book.js';
import type { SnapshotEnv } from './plugin-host.js';

export interface SourceFailure {
  network: string;
  source: string;
  status: string;
  reason: string;
}

/** Whether a network's reward API is worth asking: the user tied a wallet to it, or configured it. */
function relevant(plugin: LoadedPlugin, wallets: WalletEntry[], env: SnapshotEnv): boolean {
  if (wallets.some((w) => w.network === plugin.id)) return true;
  // A key without a default (e.g. filecoin.minerId) turns a source on by being set; endpoints with
  // defaults (rpc.solana) are read by sources but do not on their own mean the user runs that network.
  const keys = plugin.definition.earnings?.rewardSources?.flatMap((s) => s.configKeys ?? []) ?? [];
  return keys.some((k) => configKey(k) !== undefined && configKey(k)!.default === undefined && env.config.resolve(k).source !== 'unset');
}

/** A third-party source may answer anything; only a tagged list of readings is used. */
function asTagged(value: unknown): Tagged<RewardReading[]> {
  const v = value as { status?: unknown; value?: unknown; reason?: unknown } | null;
  if (v && v.status === 'ok' && Array.isArray(v.value)) return { status: 'ok', value: v.value as RewardReading[] };
  if (v && (v.status === 'unreachable' || v.status === 'bad-response' || v.status === 'wrong-chain') && typeof v.reason === 'string') {
    return { status: v.status, reason: v.reason };
  }
  return { status: 'bad-response', reason: 'the reward source answered neither readings nor a failure' };
}

/**
 * Runs the network reward sources (Storj's payout estimate, Helium's oracle, a Filecoin miner) for
 * the networks the user tracks, each through the plugin host with a deadline. Failures, throws and
 * hangs all come back as failures.
 */
export async function readRewardSources(
  env: SnapshotEnv,
  plugins: LoadedPlugin[],
  wallets: WalletEntry[],
  policy: { timeoutMs: number; retries: number; concurrency: number; maxResponseBytes?: number },
  deadline?: { signal: AbortSignal; ms: number },
  /** Stops every source at once (the daemon shutting down); unlike the deadline, reported as cancelled. */
  cancel?: AbortSignal,
): Promise<{ records: RewardRecord[]; failures: SourceFailure[] }> {
  const [{ readPolicy }, { callPlugin, callTimeoutFor, rewardContext }, { pluginHostFor }, { rewardRecordsFrom }] = await Promise.all([
    import('../net/http-client.js'),
    import('../plugins-host/index.js'),
    import('./plugin-host.js'),
    import('../core/reward-records.js'),
  ]);
  const http = readPolicy(policy);
  const host = pluginHostFor(env, http);
  // The run's one deadline bounds every source; without one, each call gets its own.
  const timeoutMs = deadline?.ms ?? callTimeoutFor(http);
  const records: RewardRecord[] = [];
  const failures: SourceFailure[] = [];
  const jobs = plugins
    .filter((p) => p.definition.earnings?.rewardSources?.length && relevant(p, wallets, env))
    .flatMap((plugin) =>
      plugin.definition.earnings!.rewardSources!.map(async (source) => {
        const tied = wallets.filter((w) => w.network === plugin.id).map((w) => ({ address: w.address, chain: w.chain, label: w.label }));
        const call = await callPlugin(host, plugin, `rewards:${source.id}`, (pluginCtx) => source.read(rewardContext(pluginCtx, tied)), {
          // Bounded by its own timer set to the run's deadline, so a source that hangs is reported as
          // late ("did not finish within …"), not as cancelled.
          timeoutMs,
          signal: cancel,
        });
        const result: Tagged<RewardReading[]> =
          call.status === 'ok' ? asTagged(call.value) : { status: call.status === 'timeout' ? 'unreachable' : 'bad-response', reason: call.reason };
        if (result.status === 'ok') records.push(...rewardRecordsFrom(plugin.id, source.id, result.value));
        else failures.push({ network: plugin.id, source: source.description, status: result.status, reason: result.reason });
      }),
    );
  await Promise.all(jobs);
  return { records, failures };
}
