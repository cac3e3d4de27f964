import type BetterSqlite3 from 'better-sqlite3';
import type { EventKind, OpsEvent } from '../core/watchdog-event.js';
import { openDatabase, type OpenOptions } from './history-open.js';

/** The operations event log, kept in the history database (table `events`, migration 3). */
export interface EventLog {
  readonly file: string;
  /** Appends events in one transaction; returns how many were stored. */
  append(events: OpsEvent[]): number;
  /** Events at or after `sinceMs`, oldest first, optionally of one network. */
  since(sinceMs: number, network?: string): OpsEvent[];
  /** The newest event of one kind for one network, if any (the daemon's last known state after a restart). */
  latest(network: string, kind: EventKind): OpsEvent | undefined;
  integrityCheck(): string[];
  close(): void;
}

interface EventSqlRow {
  at: number;
  network: string | null;
  kind: EventKind;
  detail: string;
  data: string | null;
}

function toEvent(row: EventSqlRow): OpsEvent {
  let data: OpsEvent['data'];
  if (row.data) {
    try {
      data = JSON.parse(row.data) as OpsEvent['data'];
    } catch {
      data = undefined;
    }
  }
  return { at: row.at, ...(row.network ? { network: row.network } : {}), kind: row.kind, detail: row.detail, ...(data ? { data } : {}) };
}

export function eventLogOn(db: BetterSqlite3.Database, file: string): EventLog {
  const insert = db.prepare('INSERT INTO events (at, network, kind, detail, data) VALUES (?, ?, ?, ?, ?)');
  const all = db.prepare<[number], EventSqlRow>('SELECT at, network, kind, detail, data FROM events WHERE at >= ? ORDER BY at, id');
  const ofNetwork = db.prepare<[number, string], EventSqlRow>(
    'SELECT at, network, kind, detail, data FROM events WHERE at >= ? AND network = ? ORDER BY at, id',
  );
  const newest = db.prepare<[string, string], EventSqlRow>(
    'SELECT at, network, kind, detail, data FROM events WHERE network = ? AND kind = ? ORDER BY at DESC, id DESC LIMIT 1',
  );
  const appendAll = db.transaction((events: OpsEvent[]) => {
    for (const e of events) insert.run(e.at, e.network ?? null, e.kind, e.detail, e.data ? JSON.stringify(e.data) : null);
    return events.length;
  });
  return {
    file,
    append: (events) => (events.length === 0 ? 0 : appendAll(events)),
    since: (sinceMs, network) => (network ? ofNetwork.all(sinceMs, network) : all.all(sinceMs)).map(toEvent),
    latest: (network, kind) => {
      const row = newest.get(network, kind);
      return row ? toEvent(row) : undefined;
    },
    integrityCheck: () => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
    close: () => db.close(),
  };
}

/** Opens the history database (checked and migrated as every command does) for the event log. */
export async function openEventLog(file: string, options: OpenOptions = {}): Promise<EventLog> {
  return eventLogOn(await openDatabase(file, options), file);
}
