import type { OpsEvent } from './watchdog-event.js';

const DAY = 86_400_000;

/** One network's share of observed time it was running, per day; null where nothing watched it. */
export interface UptimeSeries {
  network: string;
  /** 0..1 per day, aligned with the days passed in. */
  uptime: (number | null)[];
}

interface Segment {
  start: number;
  end: number;
  up: boolean;
}

/**
 * When the daemon was watching: from each `daemon-started` to its `daemon-stopped`, or to the next
 * start when it ended without one (a crash), or to `now` while it runs. A health event outside any
 * window shows the daemon was running then, so it opens one.
 */
function watchWindows(events: readonly OpsEvent[], now: number): [number, number][] {
  const windows: [number, number][] = [];
  let open: number | undefined;
  for (const e of events) {
    if (e.kind === 'daemon-started') {
      if (open !== undefined) windows.push([open, e.at]);
      open = e.at;
    } else if (e.kind === 'daemon-stopped') {
      if (open !== undefined) windows.push([open, e.at]);
      open = undefined;
    } else if (e.kind === 'health' && open === undefined) {
      open = e.at;
    }
  }
  if (open !== undefined) windows.push([open, now]);
  return windows;
}

/** The state a health event moved the node to (`running`, `stopped`, `degraded`…). */
const stateOf = (e: OpsEvent) => (typeof e.data?.to === 'string' ? e.data.to : undefined);

/**
 * Per-day uptime of each network from the daemon's event log: time in `running` over the time its
 * state was known while the daemon watched. A state carries over a daemon restart (the daemon
 * records only changes), but time with no daemon running counts neither way. `events` should reach
 * back before the first day so the state at its start is known.
 */
export function uptimeByDay(events: readonly OpsEvent[], days: readonly string[], now: number): UptimeSeries[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const windows = watchWindows(sorted, now);
  const health = new Map<string, OpsEvent[]>();
  for (const e of sorted) {
    if (e.kind !== 'health' || !e.network || stateOf(e) === undefined) continue;
    const list = health.get(e.network);
    if (list) list.push(e);
    else health.set(e.network, [e]);
  }
  const dayStarts = days.map((d) => Date.parse(`${d}T00:00:00Z`));
  const result: UptimeSeries[] = [];
  for (const [network, changes] of [...health].sort(([a], [b]) => a.localeCompare(b))) {
    const segments = segmentsOf(changes, windows);
    const uptime = dayStarts.map((start) => {
      const end = Math.min(start + DAY, now);
      let up = 0;
      let seen = 0;
      for (const s of segments) {
        const overlap = Math.min(end, s.end) - Math.max(start, s.start);
        if (overlap <= 0) continue;
        seen += overlap;
        if (s.up) up += overlap;
      }
      return seen > 0 ? up / seen : null;
    });
    result.push({ network, uptime });
  }
  return result;
}

/** The stretches of watched time in which the node's state was known. */
function segmentsOf(changes: readonly OpsEvent[], windows: readonly [number, number][]): Segment[] {
  const segments: Segment[] = [];
  for (const [from, to] of windows) {
    let state: string | undefined;
    let at = from;
    for (const change of changes) {
      if (change.at <= from) {
        state = stateOf(change);
        continue;
      }
      if (change.at >= to) break;
      if (state !== undefined && change.at > at) segments.push({ start: at, end: change.at, up: state === 'running' });
      state = stateOf(change);
      at = change.at;
    }
    if (state !== undefined && to > at) segments.push({ start: at, end: to, up: state === 'running' });
  }
  return segments;
}
