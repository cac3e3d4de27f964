/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** YYYY-MM-DD (UTC) of an epoch-ms time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD day. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
