import type { CommandContext } from '../cli/context.js';
import { configKey } from '../store/config-keys.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { RewardContext, Tagged } from '../plugin-api/types.js';
import type { RewardRecord } from '../domain/records.js';
import type { WalletEntry } from '../wallet/book.js';

export interface SourceFailure {
  network: string;
  source: string;
  status: string;
  reason: string;
}

/** Whether a network's reward API is worth asking: the user tied a wallet to it, or configured it. */
function relevant(plugin: LoadedPlugin, wallets: WalletEntry[], ctx: CommandContext): boolean {
  if (wallets.some((w) => w.network === plugin.id)) return true;
  // A key without a default (e.g. filecoin.minerId) turns a source on by being set; endpoints with
  // defaults (rpc.solana) are read by sources but do not on their own mean the user runs that network.
  const keys = plugin.definition.earnings?.rewardSources?.flatMap((s) => s.configKeys ?? []) ?? [];
  return keys.some((k) => configKey(k) !== undefined && configKey(k)!.default === undefined && ctx.config().resolve(k).source !== 'unset');
}

/**
 * Runs the network reward sources (Storj's payout estimate, Helium's oracle, a Filecoin miner) for
 * the networks the user tracks, through the host's HTTP client. Failures are values.
 */
export async function readRewardSources(
  ctx: CommandContext,
  plugins: LoadedPlugin[],
  wallets: WalletEntry[],
  policy: { timeoutMs: number; retries: number; concurrency: number },
): Promise<{ records: RewardRecord[]; failures: SourceFailure[] }> {
  const [{ readPolicy }, { hostFetchJson }, { rewardRecordsFrom }] = await Promise.all([
    import('../net/http-client.js'),
    import('../net/fetch-json.js'),
    import('../core/reward-records.js'),
  ]);
  const records: RewardRecord[] = [];
  const failures: SourceFailure[] = [];
  const jobs = plugins
    .filter((p) => p.definition.earnings?.rewardSources?.length && relevant(p, wallets, ctx))
    .flatMap((plugin) =>
      plugin.definition.earnings!.rewardSources!.map(async (source) => {
        const tied = wallets.filter((w) => w.network === plugin.id).map((w) => ({ address: w.address, chain: w.chain, label: w.label }));
        const rewardCtx: RewardContext = {
          config: (key) => ctx.config().get(key),
          wallets: tied,
          fetchJson: hostFetchJson(readPolicy(policy)),
          log: { debug: () => {}, info: (m) => ctx.output.err(m), warn: (m) => ctx.output.warn(`${plugin.id}: ${m}`) },
        };
        let result: Tagged<import('../plugin-api/types.js').RewardReading[]>;
        try {
          result = await source.read(rewardCtx);
        } catch (error) {
          result = { status: 'bad-response', reason: `reward source failed: ${(error as Error).message}` };
        }
        if (result.status === 'ok') records.push(...rewardRecordsFrom(plugin.id, source.id, result.value));
        else failures.push({ network: plugin.id, source: source.description, status: result.status, reason: result.reason });
      }),
    );
  await Promise.all(jobs);
  return { records, failures };
}
