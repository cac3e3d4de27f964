/**
 * Net profit per network and UTC day: what it earned, the electricity it was charged (its GPUs'
 * measured draw plus its share of the baseline) and what is left. Pure: earned values, the energy of
 * each GPU per day and the attribution come in. A day without power samples, a missing kWh price or
 * an unpriced earning leaves the net unknown and says why, never net = gross.
 */
import type { Attribution } from './power-attribution.js';
import type { EarnedDay } from './earned-by-day.js';
import type { GpuDayEnergy } from './gpu-energy.js';

export type { EarnedDay } from './earned-by-day.js';

export interface NetInput {
  /** Currency code of the earned values and the kWh price (e.g. usd). */
  currency: string;
  since: number;
  now: number;
  /** Networks to report (those with earnings and the joined ones, after any --network filter). */
  networks: readonly string[];
  /** Networks in the record of joined networks. */
  joined: readonly string[];
  earned: readonly EarnedDay[];
  energy: readonly GpuDayEnergy[];
  attribution: Attribution;
  /** Price of one kWh in `currency`; undefined when not set. */
  kwhPrice?: number;
  /** Watts of the rest of the machine, drawn while it was measured. */
  baselineWatts: number;
}

/**
 * measured: power known for the whole day · partial: for part of it (see measuredSeconds) ·
 * not-measured: no power samples that day · not-joined: the network runs no node on this machine.
 */
export type PowerState = 'measured' | 'partial' | 'not-measured' | 'not-joined';

export interface NetDay {
  day: string;
  /** Value earned; null when part of it has no price. */
  earned: number | null;
  unpriced: string[];
  /** Energy charged (GPU + baseline); null when not measured or not joined. */
  kWh: number | null;
  gpuKWh: number | null;
  baselineKWh: number | null;
  powerCost: number | null;
  net: number | null;
  power: PowerState;
  /** Seconds of the day the machine's power was measured, and the seconds of the day inside the period. */
  measuredSeconds: number;
  daySeconds: number;
  /** Why the net is missing or partial, in words. */
  notes: string[];
}

export interface NetTotals {
  /** Sum of the priced earnings; `earnedComplete` is false when some had no price. */
  earned: number;
  earnedComplete: boolean;
  kWh: number;
  /** Null when no kWh price is set. */
  powerCost: number | null;
  /** Sum of the nets that are known (over `netDays` of `days`); null when none is. */
  net: number | null;
  netDays: number;
  days: number;
}

export interface NetworkNet {
  network: string;
  joined: boolean;
  days: NetDay[];
  totals: NetTotals;
}

export interface NetReport {
  currency: string;
  since: number;
  now: number;
  kwhPrice: number | null;
  baselineWatts: number;
  networks: NetworkNet[];
  totals: NetTotals & {
    /** Energy of GPUs that no joined network uses (and the baseline when none is joined), charged to nobody. */
    unattributedKWh: number;
  };
  attribution: Attribution;
  /** Sentences about the whole report (missing settings). */
  notes: string[];
}

const DAY_MS = 86_400_000;
/** A day measured for 99% of its span counts as whole: samples never land exactly on midnight. */
const WHOLE = 0.99;
export const NO_KWH_PRICE = 'no kWh price set (depin config set power.kwhPrice 0.30)';
export const NOT_MEASURED = 'power not measured';

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const roundOrNull = (v: number | null) => (v === null ? null : round(v));
const hours = (s: number) => `${(s / 3600).toFixed(1)} h`;

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Seconds of a UTC day that fall inside [since, now]. */
function daySpan(day: string, since: number, now: number): number {
  const start = dayStart(day);
  return Math.max(0, (Math.min(start + DAY_MS, now) - Math.max(start, since)) / 1000);
}

interface MachineDay {
  measuredSeconds: number;
  /** GPU kWh per network. */
  gpuKWh: Map<string, number>;
  unattributedKWh: number;
}

/** The machine's measured time and each network's GPU energy per day. */
function machineDays(input: NetInput): Map<string, MachineDay> {
  const gpuNetworks = new Map(input.attribution.gpus.map((g) => [`${g.gpuIndex}\u0000${g.uuid ?? ''}`, g.networks]));
  const days = new Map<string, MachineDay>();
  for (const e of input.energy) {
    const entry = days.get(e.day) ?? { measuredSeconds: 0, gpuKWh: new Map(), unattributedKWh: 0 };
    // GPUs are sampled together, so the machine was measured while its best-covered GPU was.
    entry.measuredSeconds = Math.max(entry.measuredSeconds, e.measuredSeconds);
    const networks = gpuNetworks.get(`${e.gpuIndex}\u0000${e.uuid ?? ''}`) ?? [];
    if (networks.length === 0) entry.unattributedKWh += e.kWh;
    for (const n of networks) entry.gpuKWh.set(n, (entry.gpuKWh.get(n) ?? 0) + e.kWh / networks.length);
    days.set(e.day, entry);
  }
  return days;
}

function emptyTotals(): NetTotals {
  return { earned: 0, earnedComplete: true, kWh: 0, powerCost: null, net: null, netDays: 0, days: 0 };
}

function addDay(t: NetTotals, d: NetDay): void {
  t.days++;
  t.earned += d.earned ?? 0;
  if (d.earned === null) t.earnedComplete = false;
  t.kWh += d.kWh ?? 0;
  if (d.powerCost !== null) t.powerCost = (t.powerCost ?? 0) + d.powerCost;
  if (d.net !== null) {
    t.net = (t.net ?? 0) + d.net;
    t.netDays++;
  }
}

function roundTotals<T extends NetTotals>(t: T): T {
  return { ...t, earned: round(t.earned), kWh: round(t.kWh), powerCost: roundOrNull(t.powerCost), net: roundOrNull(t.net) };
}

function netDay(input: NetInput, network: string, day: string, machine: MachineDay | undefined, earned: EarnedDay | undefined): NetDay {
  const joined = input.joined.includes(network);
  const measuredSeconds = machine?.measuredSeconds ?? 0;
  const daySeconds = daySpan(day, input.since, input.now);
  const unpriced = earned ? [...earned.unpriced].sort() : [];
  const value = earned === undefined ? 0 : unpriced.length > 0 ? null : earned.value;
  const out: NetDay = {
    day,
    earned: value === null ? null : round(value),
    unpriced,
    kWh: null,
    gpuKWh: null,
    baselineKWh: null,
    powerCost: null,
    net: null,
    power: 'not-joined',
    measuredSeconds: round(measuredSeconds),
    daySeconds: round(daySeconds),
    notes: [],
  };
  if (unpriced.length > 0) out.notes.push(`no price for ${unpriced.join(', ')} on ${day}`);
  if (!joined) {
    out.notes.push('not joined on this machine: no power charged here');
    return out;
  }
  if (measuredSeconds <= 0) {
    out.power = 'not-measured';
    out.notes.push(NOT_MEASURED);
    return out;
  }
  out.power = measuredSeconds >= WHOLE * daySeconds ? 'measured' : 'partial';
  if (out.power === 'partial') out.notes.push(`power measured for ${hours(measuredSeconds)} of ${hours(daySeconds)}`);
  const gpu = machine?.gpuKWh.get(network) ?? 0;
  // The baseline is configured, not measured: it is counted for the time the machine was measured.
  const baseline = ((input.baselineWatts * measuredSeconds) / 3_600_000) * (input.attribution.baseline.shares[network] ?? 0);
  out.gpuKWh = round(gpu);
  out.baselineKWh = round(baseline);
  out.kWh = round(gpu + baseline);
  if (input.kwhPrice === undefined) {
    out.notes.push(NO_KWH_PRICE);
    return out;
  }
  const cost = (gpu + baseline) * input.kwhPrice;
  out.powerCost = round(cost);
  if (value !== null) out.net = round(value - cost);
  return out;
}

export function computeNet(input: NetInput): NetReport {
  const machine = machineDays(input);
  const earnedBy = new Map(input.earned.map((e) => [`${e.network}\u0000${e.day}`, e]));
  const inPeriod = (day: string) => daySpan(day, input.since, input.now) > 0;
  const measuredDays = [...machine].filter(([day, m]) => m.measuredSeconds > 0 && inPeriod(day)).map(([day]) => day);

  const networks: NetworkNet[] = [];
  const overall = { ...emptyTotals(), unattributedKWh: 0 };
  for (const network of [...new Set(input.networks)].sort()) {
    const joined = input.joined.includes(network);
    const days = new Set(input.earned.filter((e) => e.network === network && inPeriod(e.day)).map((e) => e.day));
    // A joined network is charged on every measured day, earning or not.
    if (joined) for (const day of measuredDays) days.add(day);
    const rows = [...days].sort().map((day) => netDay(input, network, day, machine.get(day), earnedBy.get(`${network}\u0000${day}`)));
    const totals = emptyTotals();
    for (const row of rows) {
      addDay(totals, row);
      addDay(overall, row);
    }
    networks.push({ network, joined, days: rows, totals: roundTotals(totals) });
  }
  // Overall counts days once per network row; keep the number of distinct days instead.
  overall.days = new Set(networks.flatMap((n) => n.days.map((d) => d.day))).size;
  overall.netDays = new Set(networks.flatMap((n) => n.days.filter((d) => d.net !== null).map((d) => d.day))).size;
  for (const [day, m] of machine) {
    if (!inPeriod(day)) continue;
    overall.unattributedKWh += m.unattributedKWh;
    if (input.joined.length === 0) overall.unattributedKWh += (input.baselineWatts * m.measuredSeconds) / 3_600_000;
  }

  const notes: string[] = [];
  if (input.kwhPrice === undefined) notes.push(`${NO_KWH_PRICE}: kWh are shown, cost and net are not.`);
  if (input.baselineWatts > 0) notes.push(`The baseline ${input.baselineWatts} W is counted for the time power was measured.`);
  else notes.push('No baseline set: only GPU draw is counted (depin config set power.baselineWatts 60 for the rest of the machine).');
  if (measuredDays.length === 0)
    notes.push(`${NOT_MEASURED} in this period: GPU power is sampled by \`depin daemon\`, \`depin status\` and \`depin earnings\` where nvidia-smi runs.`);
  if (overall.unattributedKWh > 0) notes.push(`${round(overall.unattributedKWh)} kWh measured are charged to no network (see the attribution).`);
  return {
    currency: input.currency,
    since: input.since,
    now: input.now,
    kwhPrice: input.kwhPrice ?? null,
    baselineWatts: input.baselineWatts,
    networks,
    totals: { ...roundTotals(overall), unattributedKWh: round(overall.unattributedKWh) },
    attribution: input.attribution,
    notes,
  };
}
