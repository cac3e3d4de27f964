import { DAY_MS, dayStartMs, utcDay } from './utc-day.js';

/** A coin and a UTC day with earnings that needs the coin's price of that day. */
export interface PriceNeed {
  id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
}

/** One range request: every missing day of one coin, covered by a single call. */
export interface RangeFetch {
  id: string;
  /** The missing days (sorted) this call answers. */
  days: string[];
  /** Epoch seconds, as the range endpoint takes them: 00:00 UTC of the first day … 00:00 UTC after the last. */
  fromSec: number;
  toSec: number;
}

export interface BackfillPlan {
  fetches: RangeFetch[];
  /** Days older than `historyDays`: not asked for (the free API tier refuses them anyway). */
  beyondHistory: PriceNeed[];
}

export const needKey = (id: string, day: string) => `${id}\u0000${day}`;

/**
 * What to fetch: for each coin, one range covering the days it has earnings on but no stored daily
 * price (nor a stored known gap). Today is left out (its day is not over; the spot price values it)
 * and so is anything older than `historyDays` before `now`.
 */
export function planBackfill(needs: readonly PriceNeed[], stored: ReadonlySet<string>, options: { now: number; historyDays: number }): BackfillPlan {
  const today = utcDay(options.now);
  const oldest = utcDay(options.now - options.historyDays * DAY_MS);
  const missing = new Map<string, Set<string>>();
  const beyond = new Map<string, PriceNeed>();
  for (const need of needs) {
    if (need.day >= today || stored.has(needKey(need.id, need.day))) continue;
    if (need.day < oldest) {
      beyond.set(needKey(need.id, need.day), need);
      continue;
    }
    const days = missing.get(need.id) ?? new Set<string>();
    days.add(need.day);
    missing.set(need.id, days);
  }
  const fetches = [...missing]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, set]) => {
      const days = [...set].sort();
      return { id, days, fromSec: dayStartMs(days[0]) / 1000, toSec: (dayStartMs(days[days.length - 1]) + DAY_MS) / 1000 };
    });
  const beyondHistory = [...beyond.values()].sort((a, b) => a.id.localeCompare(b.id) || a.day.localeCompare(b.day));
  return { fetches, beyondHistory };
}
