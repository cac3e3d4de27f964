import type { Tagged } from '../plugin-api/types.js';
import type { UsdRate } from '../core/earnings-types.js';
import type { HistoryDb } from '../store/history-db.js';
import { coingeckoGet, COINGECKO_URL, type CoingeckoOptions } from './coingecko.js';

/** The price id a USD→currency rate is stored under, beside the coins' spot prices. */
export const USD_RATE_ID = 'fx:usd';

/**
 * USD→`currency` from `/exchange_rates`, which quotes every currency against one bitcoin: the rate
 * is currency-per-BTC over USD-per-BTC.
 */
export async function fetchUsdRate(currency: string, options: CoingeckoOptions = {}): Promise<Tagged<number>> {
  const answer = await coingeckoGet(`${(options.baseUrl ?? COINGECKO_URL).replace(/\/+$/, '')}/exchange_rates`, options);
  if (answer.status !== 'ok') return answer;
  const rates = (answer.value as { rates?: Record<string, { value?: unknown }> } | null)?.rates;
  const usd = rates?.usd?.value;
  const target = rates?.[currency]?.value;
  if (typeof usd !== 'number' || !(usd > 0) || !Number.isFinite(usd)) return { status: 'bad-response', reason: 'exchange rates carry no USD rate' };
  if (typeof target !== 'number' || !(target > 0) || !Number.isFinite(target)) {
    return { status: 'bad-response', reason: `exchange rates carry no ${currency.toUpperCase()} rate` };
  }
  return { status: 'ok', value: target / usd };
}

export type UsdRateLookup = { rate: UsdRate; stale: boolean; reason?: string } | { rate?: undefined; reason: string };

/**
 * The USD→currency rate: a fresh stored one costs no request; otherwise it is fetched and stored
 * like a spot price (id `fx:usd`); offline or on failure the last stored one is used. With none
 * known at all, the reason says so (the caller leaves USD figures unvalued).
 */
export async function getUsdRate(
  store: Pick<HistoryDb, 'getPrices' | 'upsertPrices'>,
  currency: string,
  options: CoingeckoOptions & { offline?: boolean; now: number; ttlMs: number },
): Promise<UsdRateLookup> {
  const stored = store.getPrices([USD_RATE_ID], currency).get(USD_RATE_ID);
  const last = stored ? { rate: { rate: stored.price, at: stored.fetchedAt }, stale: options.now - stored.fetchedAt > options.ttlMs } : undefined;
  if (last && !last.stale) return last;
  if (options.offline) return last ?? { reason: `offline and no USD→${currency.toUpperCase()} rate stored` };
  const fetched = await fetchUsdRate(currency, options);
  if (fetched.status !== 'ok') {
    return last ? { ...last, reason: `${fetched.reason}; using the rate of ${new Date(last.rate.at).toISOString()}` } : { reason: fetched.reason };
  }
  store.upsertPrices([{ id: USD_RATE_ID, currency, price: fetched.value, fetchedAt: options.now }]);
  return { rate: { rate: fetched.value, at: options.now }, stale: false };
}
