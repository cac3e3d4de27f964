import type { OpsEvent } from './watchdog-event.js';

/** How a scheduled earnings snapshot ended. */
export const SNAPSHOT_OUTCOMES = ['ok', 'partial', 'failed', 'skipped', 'cancelled'] as const;
export type SnapshotOutcome = (typeof SNAPSHOT_OUTCOMES)[number];

/** The counts of one snapshot, with reasons already redacted. */
export interface SnapshotCounts {
  requested: number;
  stored: number;
  rewards: number;
  readFailures: { chain: string; status: string; reason: string; wallet?: string; symbol?: string }[];
  sourceFailures: { network: string; status: string; reason: string }[];
}

// An event row stays small: a chain that is down repeats one reason for every wallet on it.
const MAX_FAILURE_TEXT = 600;

function failureText(counts: SnapshotCounts): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const f of counts.readFailures) {
    const text = `${f.chain} ${f.status}: ${f.reason}`;
    if (!seen.has(text)) parts.push(text);
    seen.add(text);
  }
  for (const f of counts.sourceFailures) parts.push(`${f.network} reward source ${f.status}: ${f.reason}`);
  const joined = parts.join('; ');
  return joined.length > MAX_FAILURE_TEXT ? `${joined.slice(0, MAX_FAILURE_TEXT - 1)}…` : joined;
}

/** The event a finished snapshot records: `partial` when anything could not be read. */
export function snapshotEvent(counts: SnapshotCounts, at: number, tookMs: number): OpsEvent {
  const unread = counts.readFailures.length;
  const sources = counts.sourceFailures.length;
  const outcome: SnapshotOutcome = unread > 0 || sources > 0 ? 'partial' : 'ok';
  const failures = failureText(counts);
  const detail =
    `earnings snapshot: ${counts.stored} of ${counts.requested} balance${counts.requested === 1 ? '' : 's'} read` +
    (counts.rewards > 0 ? `, ${counts.rewards} reward reading${counts.rewards === 1 ? '' : 's'}` : '') +
    (failures ? `; unread: ${failures}` : '');
  return {
    at,
    kind: 'earnings-snapshot',
    detail,
    data: {
      outcome,
      requested: counts.requested,
      stored: counts.stored,
      rewards: counts.rewards,
      readFailures: unread,
      sourceFailures: sources,
      tookMs,
      ...(failures ? { failures } : {}),
    },
  };
}

/** The event of a snapshot that stored nothing: skipped (nothing to read), failed or cancelled. */
export function snapshotMissEvent(outcome: Exclude<SnapshotOutcome, 'ok' | 'partial'>, reason: string, at: number, tookMs: number): OpsEvent {
  const what = outcome === 'skipped' ? 'skipped' : outcome === 'cancelled' ? 'cancelled' : 'failed';
  return { at, kind: 'earnings-snapshot', detail: `earnings snapshot ${what}: ${reason}`, data: { outcome, tookMs, reason } };
}
