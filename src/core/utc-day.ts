/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD (UTC) of an epoch-ms time. */
export function utcDay(ms: number): string {
  // Called for every snapshot of a period: the day's string is worked out once per day number.
  const n = Math.floor(ms / DAY_MS);
  let day = days.get(n);
  if (day === undefined) {
    day = new Date(n * DAY_MS).toISOString().slice(0, 10);
    days.set(n, day);
  }
  return day;
}

const days = new Map<number, string>();

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD day. */
export function dayStartMs(day: string): number {
  let start = starts.get(day);
  if (start === undefined) {
    start = Date.parse(`${day}T00:00:00Z`);
    starts.set(day, start);
  }
  return start;
}

const starts = new Map<string, number>();
