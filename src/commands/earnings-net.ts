/**
 * `depin earnings --net`: the settings it needs (checked before anything is read), then the
 * history's earnings and power samples and the record of joined networks, handed to the pure net
 * profit computation, and the result printed.
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
import { valueCurrency } from '../services/value-currency.js';
import type { HistoryDb, SnapshotRow } from '../store/history-db.js';
import { readJoined } from '../store/joined-record.js';

export interface NetSettings {
  currency: string;
  kwhPrice?: number;
  baselineWatts: number;
  split?: Record<string, number>;
  maxGapSeconds: number;
  /** The joined networks, as attribution sees them. */
  joined: JoinedNode[];
}

const DAY_MS = 86_400_000;

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
  db: HistoryDb;
  since: number;
  now: number;
  /** Snapshots of the selected networks since `since`. */
  snapshots: SnapshotRow[];
  /** Networks to report (the --network filter, or every loaded one). */
  networks: ReadonlySet<string>;
  offline: boolean;
  /** The checked currency and the day prices in it that the rest of `earnings` uses. */
  currency: string;
  dayPrices: DayPriceBook;
}

function toPoints(samples: { at: number; index: number; uuid: string | null; name: string; powerW: number | null }[]): PowerPoint[] {
  return samples.map((s) => ({ at: s.at, gpuIndex: s.index, uuid: s.uuid, name: s.name, powerW: s.powerW }));
}

/** Gathers the inputs from the history and computes the report. */
export async function netReport(ctx: CommandContext, settings: NetSettings, data: NetData): Promise<NetReport> {
  const { openPowerSamples } = await import('../store/power-samples-db.js');
  const store = await openPowerSamples(ctx.paths.dbFile, { readsOnly: data.offline });
  let points: PowerPoint[];
  try {
    points = toPoints(store.between(data.since, data.now + 1));
  } finally {
    store.close();
  }
  const energy = gpuEnergyByDay(points, { maxGapSeconds: settings.maxGapSeconds });
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

/** Computes the report and prints it as a table with its attribution, or as one JSON document. */
export async function printNet(ctx: CommandContext, settings: NetSettings, data: NetData & { json: boolean; unreadChains: string[] }): Promise<void> {
  const report = await netReport(ctx, settings, data);
  const { netJson, renderNet } = await import('./earnings-net-render.js');
  if (data.json) ctx.output.printJson(netJson(report, settings, { offline: data.offline, unreadChains: data.unreadChains }));
  else await renderNet(ctx, report);
}
