/**
 * Energy each GPU used per UTC day, from power samples: the area under the power curve
 * (trapezoids between consecutive samples of the same GPU). Pure; the samples come from the
 * history's `power_samples` table.
 */

/** One stored power reading of one GPU. */
export interface PowerPoint {
  at: number;
  gpuIndex: number;
  uuid: string | null;
  name: string;
  /** Null when the driver gave no power figure at that moment. */
  powerW: number | null;
}

/** A GPU's energy on one UTC day. */
export interface GpuDayEnergy {
  /** YYYY-MM-DD, UTC. */
  day: string;
  gpuIndex: number;
  uuid: string | null;
  name: string;
  kWh: number;
  /**
   * Seconds of the day covered by measurement. Stretches between samples further apart than the
   * gap limit, or next to a sample without a power figure, are not measured and not counted: the
   * caller sees how much of the day the energy stands for rather than a guess.
   */
  measuredSeconds: number;
}

export interface EnergyOptions {
  /** Two samples further apart than this are not joined: the time between them is unmeasured. */
  maxGapSeconds: number;
}

const DAY_MS = 86_400_000;

/** A GPU is the same GPU while its index and UUID stay the same (a swapped card is a new series). */
function gpuKey(p: PowerPoint): string {
  return `${p.gpuIndex}\u0000${p.uuid ?? ''}`;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * kWh per GPU per UTC day. An interval that spans midnight is split there, with the power at
 * midnight taken on the straight line between its two samples. Samples may come in any order;
 * two at the same time count once. Every day that holds a sample appears, measured or not. Results are sorted by day, then GPU index.
 */
export function gpuEnergyByDay(points: readonly PowerPoint[], options: EnergyOptions): GpuDayEnergy[] {
  if (!(options.maxGapSeconds > 0)) throw new RangeError(`maxGapSeconds must be above 0, not ${options.maxGapSeconds}`);
  const maxGapMs = options.maxGapSeconds * 1000;
  const series = new Map<string, PowerPoint[]>();
  for (const p of points) {
    const list = series.get(gpuKey(p)) ?? [];
    list.push(p);
    series.set(gpuKey(p), list);
  }
  const out = new Map<string, GpuDayEnergy>();
  const add = (p: PowerPoint, day: string, joules: number, ms: number) => {
    const key = `${day}\u0000${gpuKey(p)}`;
    const entry = out.get(key) ?? { day, gpuIndex: p.gpuIndex, uuid: p.uuid, name: p.name, kWh: 0, measuredSeconds: 0 };
    entry.kWh += joules / 3_600_000;
    entry.measuredSeconds += ms / 1000;
    entry.name = p.name;
    out.set(key, entry);
  };
  for (const list of series.values()) {
    list.sort((a, b) => a.at - b.at);
    // A day with samples but nothing measurable still appears, with 0 measured seconds.
    for (const p of list) add(p, dayOf(p.at), 0, 0);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1];
      const b = list[i];
      const span = b.at - a.at;
      if (span <= 0 || span > maxGapMs || a.powerW === null || b.powerW === null) continue;
      const powerAt = (t: number) => a.powerW! + ((b.powerW! - a.powerW!) * (t - a.at)) / span;
      let from = a.at;
      while (from < b.at) {
        const midnight = Math.floor(from / DAY_MS) * DAY_MS + DAY_MS;
        const to = Math.min(b.at, midnight);
        const ms = to - from;
        add(b, dayOf(from), ((powerAt(from) + powerAt(to)) / 2) * (ms / 1000), ms);
        from = to;
      }
    }
  }
  return [...out.values()].sort((x, y) => (x.day === y.day ? x.gpuIndex - y.gpuIndex : x.day < y.day ? -1 : 1));
}
