import type { HistoryDb } from '../store/history-db.js';
import { COINGECKO_KEY_ENV, fetchSpotPrices, type CoingeckoOptions } from './coingecko.js';

/** Default age after which a cached price is fetched again. */
export const PRICE_TTL_MS = 5 * 60_000;

/** A price in the chosen currency and how old it is. */
export interface PriceQuote {
  price: number;
  /** Epoch ms when it was fetched from the price service. */
  fetchedAt: number;
  /** Older than the TTL: shown, but marked as the last known price. */
  stale: boolean;
}

/**
 * How the prices were obtained: `cached` (all fresh in the database, no request), `fetched` (one
 * request answered), `offline` (database only, as asked), `failed` (the request failed; last known
 * prices are returned, with `reason`).
 */
export type PriceStatus = 'cached' | 'fetched' | 'offline' | 'failed';

export interface PriceLookup {
  prices: Map<string, PriceQuote>;
  status: PriceStatus;
  /** Why prices are stale or missing; absent when everything is fresh. */
  reason?: string;
  /** Ids with no price at all (never fetched, or unknown to the price service). */
  missing: string[];
}

export interface PriceLookupOptions extends CoingeckoOptions {
  ttlMs?: number;
  /** Read the database only; never touch the network. */
  offline?: boolean;
  /** Current time (epoch ms); tests pass their own. */
  now?: number;
  /** Environment to read the demo key from when `apiKey` is not given. */
  env?: NodeJS.ProcessEnv;
}

/** The part of the history database prices need. */
export type PriceStore = Pick<HistoryDb, 'getPrices' | 'upsertPrices'>;

/** The demo key: the one passed, else DEPIN_COINGECKO_KEY; empty means none. */
export function coingeckoKey(options: { apiKey?: string; env?: NodeJS.ProcessEnv }): string | undefined {
  return (options.apiKey ?? (options.env ?? process.env)[COINGECKO_KEY_ENV]) || undefined;
}

/**
 * Spot prices in `currency` for `ids` (CoinGecko ids): fresh cached prices cost no request; the rest
 * come from one request for all of them; when that fails, the last known price is returned with its age.
 */
export async function getSpotPrices(store: PriceStore, ids: readonly string[], currency: string, options: PriceLookupOptions = {}): Promise<PriceLookup> {
  const now = options.now ?? Date.now();
  const ttl = options.ttlMs ?? PRICE_TTL_MS;
  const wanted = [...new Set(ids)].sort();
  const cached = store.getPrices(wanted, currency);
  const quote = (price: number, fetchedAt: number): PriceQuote => ({ price, fetchedAt, stale: now - fetchedAt > ttl });
  const prices = new Map<string, PriceQuote>();
  for (const [id, p] of cached) prices.set(id, quote(p.price, p.fetchedAt));
  const missingFrom = () => wanted.filter((id) => !prices.has(id));

  if (options.offline) {
    const stale = wanted.filter((id) => prices.get(id)?.stale);
    const reason = stale.length > 0 || missingFrom().length > 0 ? describeGaps(stale, missingFrom(), 'offline') : undefined;
    return { prices, status: 'offline', reason, missing: missingFrom() };
  }

  const due = wanted.filter((id) => !prices.has(id) || prices.get(id)!.stale);
  if (due.length === 0) return { prices, status: 'cached', missing: [] };

  const fetched = await fetchSpotPrices(due, currency, { ...options, apiKey: coingeckoKey(options) });
  if (fetched.status !== 'ok') {
    const known = wanted.some((id) => prices.has(id));
    const reason = `${fetched.reason}; ${known ? 'showing the last known prices' : 'no price was ever stored, so values are left out'}`;
    return { prices, status: 'failed', reason, missing: missingFrom() };
  }
  const points = [...fetched.value].map(([id, price]) => ({ id, currency, price, fetchedAt: now }));
  store.upsertPrices(points);
  for (const p of points) prices.set(p.id, quote(p.price, p.fetchedAt));
  const unanswered = due.filter((id) => !fetched.value.has(id));
  const reason = unanswered.length > 0 ? `the price service has no ${currency.toUpperCase()} price for ${unanswered.join(', ')}` : undefined;
  return { prices, status: 'fetched', reason, missing: missingFrom() };
}

function describeGaps(stale: string[], missing: string[], mode: string): string {
  const parts: string[] = [];
  if (stale.length > 0) parts.push(`prices older than the cache lifetime for ${stale.join(', ')}`);
  if (missing.length > 0) parts.push(`no stored price for ${missing.join(', ')}`);
  return `${mode}: ${parts.join('; ')}`;
}
