/**
 * Net profit from the history: the power settings (checked before anything is read), then the GPU
 * power samples, their energy per day, its attribution to the joined networks and the earned values,
 * handed to the pure computation. `depin earnings --net` prints the result; `depin report` draws it.
 */
import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { closest } from '../core/did-you-mean.js';
import { earnedValueByDay } from '../core/earned-by-day.js';
import type { DayPriceBook } from '../core/day-prices.js';
import { gpuEnergyByDay, type PowerPoint } from '../core/gpu-energy.js';
import { computeNet, type NetReport } from '../core/net-profit.js';
import { attributePower, nodeGpus, type GpuIdentity, type JoinedNode } from '../core/power-attribution.js';
import { parseSplit, SPLIT_EXAMPLE } from '../core/power-split.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { SnapshotRow } from '../domain/records.js';
import type { PowerSamplesDb } from '../store/power-samples-db.js';
import { readJoined } from '../store/joined-record.js';
import { valueCurrency } from './value-currency.js';

export interface NetSettings {
  currency: string;
  kwhPrice?: number;
  baselineWatts: number;
  split?: Record<string, number>;
  maxGapSeconds: number;
  /** The joined networks, as attribution sees them. */
  joined: JoinedNode[];
}

function isGpuNetwork(plugin: LoadedPlugin | undefined): boolean {
  if (!plugin) return false;
  return plugin.definition.manifest.category === 'gpu-compute' || plugin.definition.requirements.gpu !== undefined;
}

/**
 * Reads and checks the power settings against the loaded networks and the joined record, so a bad
 * setting is a usage error before any balance is read.
 */
export function readNetSettings(ctx: CommandContext, plugins: readonly LoadedPlugin[]): NetSettings {
  const config = ctx.config();
  const number = (key: string) => {
    const v = config.resolve(key).value;
    return v === undefined ? undefined : Number(v);
  };
  const fix = `Fix it with \`depin config set power.split ${SPLIT_EXAMPLE}\` (ids from \`depin networks\`), or \`depin config unset power.split\` to split evenly.`;
  let split: Record<string, number> | undefined;
  const splitText = config.get('power.split');
  if (splitText !== undefined) {
    const parsed = parseSplit(splitText);
    if (!parsed.ok) throw usageError(`power.split: ${parsed.error}`, fix);
    const ids = plugins.map((p) => p.id);
    for (const id of Object.keys(parsed.weights)) {
      if (ids.includes(id)) continue;
      const guess = closest(id, ids);
      throw usageError(`power.split names "${id}", which is not a network${guess ? ` (did you mean "${guess}"?)` : ''}`, fix);
    }
    split = parsed.weights;
  }
  const record = readJoined(ctx.paths.data);
  const joined = Object.entries(record.networks).map(([network, entry]) => {
    const gpus = nodeGpus(entry.resources);
    const node: JoinedNode = { network, gpuNetwork: isGpuNetwork(plugins.find((p) => p.id === network)) };
    if (gpus !== undefined) node.gpus = gpus;
    return node;
  });
  const baselineWatts = number('power.baselineWatts') ?? 0;
  // The split is checked against the joined networks now too: with no GPU yet it is the same rule.
  const check = attributePower({ joined, gpus: [], split, baselineWatts });
  if (!check.ok) throw usageError(check.error, check.fix);
  return {
    currency: valueCurrency((key) => config.get(key)),
    kwhPrice: number('power.kwhPrice'),
    baselineWatts,
    split,
    maxGapSeconds: number('power.maxGapSeconds') ?? 300,
    joined,
  };
}

export interface NetData {
  since: number;
  now: number;
  /** Snapshots of the selected networks since `since`. */
  snapshots: readonly SnapshotRow[];
  /** Networks to report (the --network filter, or every loaded one). */
  networks: ReadonlySet<string>;
  /** The checked currency and the day prices in it that the caller values earnings with. */
  currency: string;
  dayPrices: DayPriceBook;
}

/** The power samples of the period, read from an open history (the caller owns and closes it). */
export function powerPoints(samples: Pick<PowerSamplesDb, 'between'>, since: number, now: number): PowerPoint[] {
  return samples.between(since, now + 1).map((s) => ({ at: s.at, gpuIndex: s.index, uuid: s.uuid, name: s.name, powerW: s.powerW }));
}

/** Net profit per network and day from the period's power samples and earnings. Reads nothing else; fetches nothing. */
export function netProfit(settings: NetSettings, samples: Pick<PowerSamplesDb, 'between'>, data: NetData): NetReport {
  const energy = gpuEnergyByDay(powerPoints(samples, data.since, data.now), { maxGapSeconds: settings.maxGapSeconds });
  const gpus = new Map<string, GpuIdentity>();
  for (const e of energy) gpus.set(`${e.gpuIndex}\u0000${e.uuid ?? ''}`, { gpuIndex: e.gpuIndex, uuid: e.uuid, name: e.name });
  const attributed = attributePower({ joined: settings.joined, gpus: [...gpus.values()], split: settings.split, baselineWatts: settings.baselineWatts });
  if (!attributed.ok) throw usageError(attributed.error, attributed.fix);

  const earned = earnedValueByDay(data.snapshots, data.dayPrices, { since: data.since, now: data.now, currency: data.currency });
  const joinedIds = settings.joined.map((n) => n.network);
  const networks = [...new Set([...earned.map((e) => e.network), ...joinedIds])].filter((n) => data.networks.has(n));
  return computeNet({
    currency: data.currency,
    since: data.since,
    now: data.now,
    networks,
    joined: joinedIds,
    earned,
    energy,
    attribution: attributed.attribution,
    kwhPrice: settings.kwhPrice,
    baselineWatts: settings.baselineWatts,
  });
}
