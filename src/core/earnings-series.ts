import type { SnapshotRow } from '../domain/records.js';

/** All snapshots of one (network, wallet, chain, token), oldest first. */
export interface SnapshotSeries {
  key: string;
  /** The newest row: its symbol, decimals and price id describe the series. */
  latest: SnapshotRow;
  points: SnapshotRow[];
}

/** A balance increase between two consecutive snapshots, dated by the later one. */
export interface EarningStep {
  at: number;
  raw: bigint;
}

export function seriesKey(row: Pick<SnapshotRow, 'network' | 'wallet' | 'chain' | 'token'>): string {
  return [row.network, row.wallet, row.chain, row.token].join('\u0000');
}

/** Groups rows by series; points are sorted by time and rows after `until` are left out. */
export function groupSeries(rows: readonly SnapshotRow[], until = Number.POSITIVE_INFINITY): SnapshotSeries[] {
  const byKey = new Map<string, SnapshotRow[]>();
  for (const row of rows) {
    if (row.takenAt > until) continue;
    const key = seriesKey(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return [...byKey].map(([key, points]) => {
    points.sort((a, b) => a.takenAt - b.takenAt);
    return { key, latest: points[points.length - 1], points };
  });
}

/**
 * The positive steps of a series inside (since, until]: each snapshot taken after `since` is
 * compared with the one before it, which may be the last one taken at or before `since`. A
 * decrease is an outgoing transfer, not negative earnings, so it yields no step; the increase
 * that follows it is measured from the lower balance.
 */
export function positiveSteps(points: readonly SnapshotRow[], since: number, until: number): EarningStep[] {
  const steps: EarningStep[] = [];
  for (let i = 1; i < points.length; i++) {
    const current = points[i];
    if (current.takenAt <= since || current.takenAt > until) continue;
    const delta = current.raw - points[i - 1].raw;
    if (delta > 0n) steps.push({ at: current.takenAt, raw: delta });
  }
  return steps;
}

/** The last point at or before `since` (the period's opening balance), if history reaches back that far. */
export function openingPoint(points: readonly SnapshotRow[], since: number): SnapshotRow | undefined {
  let found: SnapshotRow | undefined;
  for (const p of points) {
    if (p.takenAt <= since) found = p;
    else break;
  }
  return found;
}
