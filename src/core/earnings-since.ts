import { usageError } from '../domain/errors.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ACCEPTED = 'Use a number of hours or days such as 24h, 7d or 30d, or a UTC date as YYYY-MM-DD (e.g. --since 2025-01-31).';

/**
 * Turns `--since` into the start of the period (epoch ms): `<n>h` and `<n>d` count back from `now`,
 * `YYYY-MM-DD` is that day's midnight UTC. Anything else, a date that does not exist, or a start in
 * the future is a usage error (exit 2) naming the accepted forms.
 */
export function parseSince(value: string, now: number): number {
  const text = value.trim();
  // Up to about 100 years back: a longer period is a typo, and Date arithmetic past year 0 misleads.
  const relative = /^(\d{1,6})([hd])$/i.exec(text);
  if (relative) {
    const count = Number(relative[1]);
    if (count === 0) throw usageError(`--since ${JSON.stringify(value)} is an empty period`, ACCEPTED);
    if (count * (relative[2].toLowerCase() === 'h' ? HOUR : DAY) > 36_600 * DAY)
      throw usageError(`--since ${JSON.stringify(value)} reaches back more than 100 years`, ACCEPTED);
    return now - count * (relative[2].toLowerCase() === 'h' ? HOUR : DAY);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
    const at = new Date(0).setUTCFullYear(year, month - 1, day);
    const check = new Date(at);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      throw usageError(`--since ${JSON.stringify(value)} is not a calendar date`, ACCEPTED);
    }
    if (at > now) throw usageError(`--since ${value} is in the future`, ACCEPTED);
    return at;
  }
  throw usageError(`--since ${JSON.stringify(value)} is not a period depin understands`, ACCEPTED);
}
