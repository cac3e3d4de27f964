import { DEFAULT_POLICY, httpJson, type HttpPolicy } from '../net/http-client.js';
import type { Tagged } from '../plugin-api/types.js';

/** CoinGecko's public API root; `prices.url` / DEPIN_PRICES_URL replace it. */
export const COINGECKO_URL = 'https://api.coingecko.com/api/v3';

/** Environment variable holding an optional CoinGecko demo API key (sent as a header, never logged). */
export const COINGECKO_KEY_ENV = 'DEPIN_COINGECKO_KEY';

export interface CoingeckoOptions {
  /** API root, without the trailing `/simple/price` (default COINGECKO_URL). */
  baseUrl?: string;
  /** Demo API key; the caller reads it from DEPIN_COINGECKO_KEY. */
  apiKey?: string;
  policy?: HttpPolicy;
  signal?: AbortSignal;
}

/** A failed call, with what a 429 asked for so a paced caller can wait and ask again. */
export type CoingeckoResult<T> = Tagged<T> & { httpStatus?: number; retryAfterMs?: number };

const root = (baseUrl = COINGECKO_URL) => baseUrl.replace(/\/+$/, '');

/** The `/simple/price` URL for these ids in `currency`, one request for all of them. */
export function simplePriceUrl(ids: readonly string[], baseUrl = COINGECKO_URL, currency = 'usd'): string {
  const list = [...new Set(ids)].sort().map(encodeURIComponent).join(',');
  return `${root(baseUrl)}/simple/price?ids=${list}&vs_currencies=${encodeURIComponent(currency)}`;
}

/** The `/coins/{id}/market_chart/range` URL: prices of one coin between two times (epoch seconds). */
export function marketChartRangeUrl(id: string, currency: string, fromSec: number, toSec: number, baseUrl = COINGECKO_URL): string {
  return `${root(baseUrl)}/coins/${encodeURIComponent(id)}/market_chart/range?vs_currency=${encodeURIComponent(currency)}&from=${fromSec}&to=${toSec}`;
}

/** Replaces the key wherever an error text might echo it back. */
function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/** One GET to the price service: the demo key in a header, never in the URL or an error text. */
export async function coingeckoGet(url: string, options: CoingeckoOptions): Promise<CoingeckoResult<unknown>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) headers['x-cg-demo-api-key'] = options.apiKey;
  const outcome = await httpJson(url, { headers, signal: options.signal }, options.policy ?? DEFAULT_POLICY);
  if (outcome.ok) return { status: 'ok', value: outcome.value };
  const failed: CoingeckoResult<unknown> = { status: outcome.kind, reason: `price service: ${scrub(outcome.reason, options.apiKey)}` };
  if (outcome.status !== undefined) failed.httpStatus = outcome.status;
  if (outcome.retryAfterMs !== undefined) failed.retryAfterMs = outcome.retryAfterMs;
  return failed;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Spot prices of `ids` in `currency` in a single request. Response keys are matched
 * case-insensitively; an id the response leaves out is simply absent from the map (never zero).
 */
export async function fetchSpotPrices(ids: readonly string[], currency: string, options: CoingeckoOptions = {}): Promise<Tagged<Map<string, number>>> {
  const prices = new Map<string, number>();
  if (ids.length === 0) return { status: 'ok', value: prices };
  const answer = await coingeckoGet(simplePriceUrl(ids, options.baseUrl, currency), options);
  if (answer.status !== 'ok') return answer;
  const body = answer.value;
  if (!isObject(body)) return { status: 'bad-response', reason: 'price service answered something other than a JSON object' };
  const byLowerId = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) byLowerId.set(key.toLowerCase(), value);
  for (const id of new Set(ids)) {
    const entry = byLowerId.get(id.toLowerCase());
    if (!isObject(entry)) continue;
    const price = Object.entries(entry).find(([k]) => k.toLowerCase() === currency)?.[1];
    if (typeof price === 'number' && Number.isFinite(price) && price >= 0) prices.set(id, price);
  }
  return { status: 'ok', value: prices };
}

/** `/simple/supported_vs_currencies`: every currency code prices can be asked in (lower case). */
export async function fetchVsCurrencies(options: CoingeckoOptions = {}): Promise<Tagged<string[]>> {
  const answer = await coingeckoGet(`${root(options.baseUrl)}/simple/supported_vs_currencies`, options);
  if (answer.status !== 'ok') return answer;
  const body = answer.value;
  if (!Array.isArray(body) || body.length === 0 || !body.every((c) => typeof c === 'string' && /^[a-z0-9]{2,12}$/i.test(c))) {
    return { status: 'bad-response', reason: 'price service answered something other than a list of currency codes' };
  }
  return { status: 'ok', value: [...new Set(body.map((c: string) => c.toLowerCase()))].sort() };
}

/**
 * `/coins/{id}/market_chart/range`: the `prices` series as [epoch ms, price] pairs. Points that are
 * not a pair of finite numbers are dropped (the service sends null for hours it has no trade in).
 */
export async function fetchPriceRange(
  id: string,
  currency: string,
  fromSec: number,
  toSec: number,
  options: CoingeckoOptions = {},
): Promise<CoingeckoResult<Array<[number, number]>>> {
  const answer = await coingeckoGet(marketChartRangeUrl(id, currency, fromSec, toSec, options.baseUrl), options);
  if (answer.status !== 'ok') return answer;
  const body = answer.value;
  if (!isObject(body) || !Array.isArray(body.prices)) return { status: 'bad-response', reason: `price service sent no price series for ${id}` };
  const points: Array<[number, number]> = [];
  for (const p of body.prices) {
    if (Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]) && p[1] >= 0) {
      points.push([p[0], p[1]]);
    }
  }
  return { status: 'ok', value: points };
}
