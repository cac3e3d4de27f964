import type { CommandContext } from '../cli/context.js';
import { configKey } from '../store/config-keys.js';
import { redactText } from '../net/redact.js';
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
  policy: { timeoutMs: number; retries: number; concurrency: number; maxResponseBytes?: number },
  deadline?: { signal: AbortSignal; ms: number },
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
          fetchJson: hostFetchJson(readPolicy(policy), deadline?.signal),
          log: { debug: () => {}, info: (m) => ctx.output.err(m), warn: (m) => ctx.output.warn(redactText(`${plugin.id}: ${m}`)) },
        };
        let result: Tagged<import('../plugin-api/types.js').RewardReading[]>;
        try {
          result = await (deadline ? withinDeadline(source.read(rewardCtx), deadline) : source.read(rewardCtx));
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

/** The source's answer, or a failure once the command's deadline has passed (the source is abandoned). */
function withinDeadline<T>(read: Promise<Tagged<T>>, deadline: { signal: AbortSignal; ms: number }): Promise<Tagged<T>> {
  const late = (): Tagged<T> => ({ status: 'unreachable', reason: `no answer within the ${Math.round(deadline.ms / 100) / 10} s deadline of this run` });
  if (deadline.signal.aborted) return Promise.resolve(late());
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(late());
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    read.then(resolve, reject).finally(() => deadline.signal.removeEventListener('abort', onAbort));
  });
}
