import type { CommandContext } from '../cli/context.js';
import { startSpinner } from '../cli/spinner.js';
import { dayPriceBook, type DayPriceBook } from '../core/day-prices.js';
import { buildLedger } from '../core/ledger.js';
import type { UsdRate } from '../core/earnings-types.js';
import type { SnapshotRow } from '../domain/records.js';
import type { HttpPolicy } from '../net/http-client.js';
import { backfillDayPrices, type BackfillResult } from '../prices/price-history.js';
import { coingeckoKey } from '../prices/price-cache.js';
import { getUsdRate } from '../prices/usd-rate.js';
import { utcDay, DAY_MS } from '../core/utc-day.js';
import type { HistoryDb } from '../store/history-db.js';

export interface ValuesSetup {
  currency: string;
  since: number;
  now: number;
  offline: boolean;
  baseUrl?: string;
  policy: HttpPolicy;
  callsPerMinute: number;
  historyDays: number;
  ttlMs: number;
  /** Whether any network figure is in USD (only then is a USD rate needed). */
  needsUsdRate: boolean;
}

export interface Values {
  dayPrices: DayPriceBook;
  usdRate?: UsdRate;
  /** Why USD figures are left unvalued, or why the rate is old. */
  usdRateNote?: string;
  backfill?: BackfillResult;
}

/**
 * The prices behind "value when earned" and the USD rate: fetches what is missing (unless
 * offline), with progress on stderr, and reads the rest from the history.
 */
export async function loadValues(ctx: CommandContext, db: HistoryDb, snapshots: readonly SnapshotRow[], setup: ValuesSetup): Promise<Values> {
  const { currency } = setup;
  const ids = [...new Set(snapshots.map((s) => s.coingeckoId).filter((id): id is string => Boolean(id)))];
  const apiKey = coingeckoKey({ env: ctx.env });
  const common = { baseUrl: setup.baseUrl, apiKey, policy: setup.policy };
  const values: Values = { dayPrices: dayPriceBook([]) };

  if (!setup.offline && ids.length > 0) {
    const none = dayPriceBook([]);
    const needs = buildLedger(snapshots, none, { since: setup.since, now: setup.now, currency })
      .filter((r) => r.coingeckoId)
      .map((r) => ({ id: r.coingeckoId!, day: r.date }));
    values.backfill = await withProgress(ctx, setup.callsPerMinute, (onProgress, signal) =>
      backfillDayPrices(db, needs, {
        ...common,
        currency,
        now: setup.now,
        historyDays: setup.historyDays,
        callsPerMinute: setup.callsPerMinute,
        signal,
        onProgress,
      }),
    );
  }
  // Spot prices of the period too: a day without a daily price is valued by one fetched that day.
  const fromDay = utcDay(setup.since - DAY_MS);
  values.dayPrices = dayPriceBook(db.dayPrices(ids, currency, fromDay), db.priceHistory(ids, currency, setup.since - DAY_MS));

  if (setup.needsUsdRate && currency !== 'usd') {
    const lookup = await getUsdRate(db, currency, { ...common, offline: setup.offline, now: setup.now, ttlMs: setup.ttlMs });
    if (lookup.rate) values.usdRate = lookup.rate;
    if (lookup.reason) values.usdRateNote = lookup.reason;
  }
  return values;
}

/** Runs the backfill with a spinner (a line on stderr off a terminal when it will be slow); Ctrl-C stops it and keeps what was stored. */
async function withProgress(
  ctx: CommandContext,
  callsPerMinute: number,
  run: (onProgress: (done: number, total: number, id?: string) => void, signal: AbortSignal) => Promise<BackfillResult>,
): Promise<BackfillResult> {
  const colour = !ctx.output.json && ctx.output.paint('bold', 'x') !== 'x';
  const spinner = await startSpinner('Prices of the days earned…', { enabled: colour });
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('cancelled'));
  process.once('SIGINT', onSigint);
  let announced = false;
  try {
    const result = await run((done, total, id) => {
      if (id) spinner.update(`Prices of the days earned: ${done} of ${total} coins (${id})…`);
      // Off a terminal there is no spinner: say once that this will take a while, and why.
      if (!announced && total > callsPerMinute && !colour) {
        announced = true;
        ctx.output.err(
          `Fetching daily prices of ${total} coins, at most ${callsPerMinute} requests a minute (prices.callsPerMinute); Ctrl-C keeps what is fetched.`,
        );
      }
    }, controller.signal);
    const failed = result.failed.length;
    if (result.fetched.length + failed > 0) {
      const text = `daily prices: ${result.fetched.length} coin${result.fetched.length === 1 ? '' : 's'} fetched${failed ? `, ${failed} left for the next run` : ''}`;
      if (failed) spinner.fail(text);
      else spinner.succeed(text);
    }
    return result;
  } finally {
    spinner.stop();
    process.off('SIGINT', onSigint);
  }
}
