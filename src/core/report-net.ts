/**
 * The report page's net profit section: each joined network's net per day on the page's days, and
 * its totals. Where no net can be known the section says why instead (nothing joined, power not
 * measured, no kWh price), so a net is never drawn equal to the gross nor as an empty chart.
 */
import { NO_KWH_PRICE, NOT_MEASURED, type NetReport } from './net-profit.js';

export const NOTHING_JOINED = 'no network is joined on this machine (depin join <network>), so no electricity is charged to any';
export const NOT_MEASURED_HERE = `${NOT_MEASURED} on this machine in this period (GPU power is sampled by depin daemon, depin status and depin earnings where nvidia-smi runs)`;
export const NO_PRICED_NET = 'no day in this period has both priced earnings and measured power';

export interface ReportNetSeries {
  network: string;
  /** Net per page day; null where power was not measured or the earnings had no price. */
  values: (number | null)[];
  /** Days measured for only part of the day (their cost covers the measured time). */
  partial: boolean[];
  earned: number;
  kWh: number;
  powerCost: number | null;
  net: number | null;
  /** Days with a known net, of the days with earnings or measured power. */
  netDays: number;
  days: number;
}

export interface ReportNet {
  /** Why no net is shown at all; empty when the chart is drawn. */
  missing: string[];
  kwhPrice: number | null;
  /** Measured days of the page, for the "partly measured" sentence. */
  measuredDays: number;
  series: ReportNetSeries[];
  total: { earned: number; kWh: number; powerCost: number | null; net: number | null };
  /** Sentences from the computation (baseline, unattributed energy, the attribution rule). */
  notes: string[];
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

/**
 * Lays the net report over the page's days. `net` is undefined when nothing is joined (no
 * computation ran); the joined networks outside the page's filter are already left out of it.
 */
export function reportNet(net: NetReport | undefined, days: readonly string[]): ReportNet {
  const index = new Map(days.map((d, i) => [d, i]));
  const joined = (net?.networks ?? []).filter((n) => n.joined);
  const measured = new Set(joined.flatMap((n) => n.days.filter((d) => d.power === 'measured' || d.power === 'partial').map((d) => d.day)));
  const series: ReportNetSeries[] = joined.map((n) => {
    const values: (number | null)[] = days.map(() => null);
    const partial = days.map(() => false);
    for (const d of n.days) {
      const i = index.get(d.day);
      if (i === undefined) continue;
      values[i] = round2(d.net);
      partial[i] = d.power === 'partial';
    }
    const t = n.totals;
    return {
      network: n.network,
      values,
      partial,
      earned: round2(t.earned)!,
      kWh: t.kWh,
      powerCost: round2(t.powerCost),
      net: round2(t.net),
      netDays: t.netDays,
      days: t.days,
    };
  });
  const missing: string[] = [];
  if (joined.length === 0) missing.push(NOTHING_JOINED);
  // The computation says when no day of the period was measured at all, joined networks or not.
  if (!net || net.notes.some((n) => n.startsWith(`${NOT_MEASURED} in this period`))) missing.push(NOT_MEASURED_HERE);
  if (net && net.kwhPrice === null) missing.push(NO_KWH_PRICE);
  if (missing.length === 0 && !series.some((s) => s.values.some((v) => v !== null))) missing.push(NO_PRICED_NET);
  const sum = (pick: (s: ReportNetSeries) => number | null) => {
    const known = series.map(pick).filter((v): v is number => v !== null);
    return known.length ? round2(known.reduce((a, b) => a + b, 0)) : null;
  };
  return {
    missing,
    kwhPrice: net?.kwhPrice ?? null,
    measuredDays: [...measured].filter((d) => index.has(d)).length,
    series,
    total: {
      earned: sum((s) => s.earned) ?? 0,
      kWh: Math.round(series.reduce((a, s) => a + s.kWh, 0) * 1e6) / 1e6,
      powerCost: sum((s) => s.powerCost),
      net: sum((s) => s.net),
    },
    notes: [...(net?.attribution.text ?? []), ...(net?.notes ?? []).filter((n) => !n.startsWith(NO_KWH_PRICE) && !n.startsWith(NOT_MEASURED))],
  };
}
