import { toValue } from './amount.js';
import { groupSeries } from './earnings-series.js';
import type { DailyValues } from './daily-values.js';
import type { UptimeSeries } from './report-uptime.js';
import type { NetReport } from './net-profit.js';
import { reportNet, type ReportNet } from './report-net.js';
import type { SnapshotRow } from '../domain/records.js';

const DAY = 86_400_000;

/** A price for a token on a day, in the report's currency; undefined when none is known. */
export type PriceOn = (coingeckoId: string, date: string) => number | undefined;

/** What one network held at the end of each day, valued. */
export interface HoldingsSeries {
  network: string;
  /** Value per day; null before the first balance was read, or when no balance held that day has a price. */
  values: (number | null)[];
  /** A day on which some balance had no price (left out of `values`). */
  unpriced: boolean[];
}

export interface ReportModel {
  title: string;
  /** ISO time the page was made. */
  generatedAt: string;
  currency: string;
  /** First and last day, YYYY-MM-DD (UTC). */
  from: string;
  to: string;
  days: string[];
  /** Seconds since the epoch at each day's midnight UTC (the charts' x values). */
  x: number[];
  networks: string[];
  earnings: { network: string; values: number[]; unpriced: boolean[]; total: number }[];
  earningsTotal: number;
  holdings: HoldingsSeries[];
  /** Percent per day; null when the daemon never ran in the period. */
  uptime: { network: string; values: (number | null)[]; average: number | null }[] | null;
  /** Net profit after electricity per joined network, or why there is none. */
  net: ReportNet;
}

export interface ReportInput {
  now: number;
  currency: string;
  /** Already-valued daily earnings (see dailyValues). */
  earnings: DailyValues;
  /** Balance snapshots from before the period on, so each day's closing balance is known. */
  snapshots: readonly SnapshotRow[];
  priceOn: PriceOn;
  /** From uptimeByDay; empty when the daemon has not run. */
  uptime: readonly UptimeSeries[];
  /** From the net profit computation over the same period; undefined when it did not run. */
  net?: NetReport;
}

/**
 * Each network's holdings at the end of each day: the last balance read by then in every series,
 * at that day's price. A day before any read is null (unknown), never zero.
 */
export function holdingsByDay(snapshots: readonly SnapshotRow[], days: readonly string[], now: number, priceOn: PriceOn): HoldingsSeries[] {
  const byNetwork = new Map<string, HoldingsSeries>();
  const ends = days.map((d) => Math.min(Date.parse(`${d}T00:00:00Z`) + DAY - 1, now));
  for (const series of groupSeries(snapshots, now)) {
    const { latest, points } = series;
    let out = byNetwork.get(latest.network);
    if (!out) {
      out = { network: latest.network, values: days.map(() => null), unpriced: days.map(() => false) };
      byNetwork.set(latest.network, out);
    }
    let p = -1;
    ends.forEach((end, i) => {
      while (p + 1 < points.length && points[p + 1].takenAt <= end) p++;
      if (p < 0) return;
      const raw = points[p].raw;
      const price = latest.coingeckoId ? priceOn(latest.coingeckoId, days[i]) : undefined;
      if (price === undefined) {
        // Left out, and flagged: a balance without a price is unknown in value, not worth zero.
        if (raw > 0n) out.unpriced[i] = true;
        else out.values[i] ??= 0;
        return;
      }
      out.values[i] = (out.values[i] ?? 0) + toValue(raw, latest.decimals, price);
    });
  }
  return [...byNetwork.values()].sort((a, b) => a.network.localeCompare(b.network));
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** Everything the report page shows, as plain data (numbers rounded for the page). */
export function buildReportModel(input: ReportInput): ReportModel {
  const { days } = input.earnings;
  const holdings = holdingsByDay(input.snapshots, days, input.now, input.priceOn).map((h) => ({
    ...h,
    values: h.values.map((v) => (v === null ? null : round(v, 2))),
  }));
  const earnings = input.earnings.series.map((s) => ({
    network: s.network,
    values: s.values.map((v) => round(v, 6)),
    unpriced: s.unpriced,
    total: round(
      s.values.reduce((a, b) => a + b, 0),
      2,
    ),
  }));
  const uptime =
    input.uptime.length === 0
      ? null
      : input.uptime.map((u) => {
          const seen = u.uptime.filter((v): v is number => v !== null);
          return {
            network: u.network,
            values: u.uptime.map((v) => (v === null ? null : round(v * 100, 2))),
            average: seen.length ? round((seen.reduce((a, b) => a + b, 0) / seen.length) * 100, 2) : null,
          };
        });
  const net = reportNet(input.net, days);
  const networks = [
    ...new Set([
      ...earnings.map((e) => e.network),
      ...holdings.map((h) => h.network),
      ...(uptime ?? []).map((u) => u.network),
      ...net.series.map((n) => n.network),
    ]),
  ].sort();
  return {
    title: 'depin earnings report',
    generatedAt: new Date(input.now).toISOString(),
    currency: input.currency,
    from: days[0] ?? '',
    to: days[days.length - 1] ?? '',
    days,
    x: days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
    networks,
    earnings,
    earningsTotal: round(
      earnings.reduce((a, e) => a + e.total, 0),
      2,
    ),
    holdings,
    uptime,
    net,
  };
}
