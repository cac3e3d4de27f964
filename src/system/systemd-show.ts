/**
 * Reads `systemctl show` output (key=value lines) and `loginctl show-user`. Pure parsing, kept beside
 * the systemd runtime that calls it.
 */

/** key=value lines into a map; the first `=` splits, later ones belong to the value. Blank lines end nothing. */
export function parseShowOutput(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) continue;
    if (!map.has(key)) map.set(key, line.slice(at + 1));
  }
  return map;
}

const MONTHLESS_TIMESTAMP = /^(?:[A-Za-z]{3} )?(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\S+))?$/;

/**
 * A systemd timestamp ("Thu 2018-01-11 14:22:33 CST", "@1790609028", "" or "n/a") as a Date, or null.
 * systemctl prints local time of the machine it runs on, the same machine as this process, so a zone
 * name other than UTC/GMT is read as this process's local time.
 */
export function parseSystemdTimestamp(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '' || text === 'n/a' || text === '0') return null;
  const unix = /^@(\d+)(?:\.(\d+))?$/.exec(text);
  if (unix) return new Date(Number(unix[1]) * 1000 + (unix[2] ? Math.round(Number(`0.${unix[2]}`) * 1000) : 0));
  const m = MONTHLESS_TIMESTAMP.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms] as const;
  const date = zone === 'UTC' || zone === 'GMT' ? new Date(Date.UTC(...parts)) : new Date(...parts);
  return Number.isNaN(date.getTime()) ? null : date;
}

function wholeNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** What depin reads about one unit. */
export interface UnitState {
  unit: string;
  /** False when systemd has no such unit (LoadState=not-found). */
  installed: boolean;
  loadState: string;
  /** active, inactive, failed, activating, deactivating, reloading. */
  activeState: string;
  /** running, dead, failed, auto-restart, exited... */
  subState: string;
  /** null when no main process runs (systemd prints 0). */
  mainPid: number | null;
  /** How many times systemd restarted it since it was last started by hand; null when not reported. */
  restarts: number | null;
  startedAt: Date | null;
}

/** The state of `unit` from `systemctl show` key=value output; null when ActiveState is missing. */
export function unitStateFrom(unit: string, text: string): UnitState | null {
  const map = parseShowOutput(text);
  const activeState = map.get('ActiveState');
  if (activeState === undefined) return null;
  const loadState = map.get('LoadState') ?? 'loaded';
  const pid = wholeNumber(map.get('MainPID'));
  return {
    unit,
    installed: loadState !== 'not-found',
    loadState,
    activeState,
    subState: map.get('SubState') ?? '',
    mainPid: pid === null || pid === 0 ? null : pid,
    restarts: wholeNumber(map.get('NRestarts')),
    startedAt: parseSystemdTimestamp(map.get('ExecMainStartTimestamp')),
  };
}
