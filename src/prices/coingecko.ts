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

/** The `/simple/price` URL for these ids, one request for all of them. */
export function simplePriceUrl(ids: readonly string[], baseUrl = COINGECKO_URL): string {
  const list = [...new Set(ids)].sort().map(encodeURIComponent).join(',');
  return `${baseUrl.replace(/\/+$/, '')}/simple/price?ids=${list}&vs_currencies=usd`;
}

/** Replaces the key wherever an error text might echo it back. */
function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/**
 * USD prices of `ids` in a single request. Response keys are matched case-insensitively; an id the
 * response leaves out is simply absent from the map (never zero).
 */
export async function fetchUsdPrices(ids: readonly string[], options: CoingeckoOptions = {}): Promise<Tagged<Map<string, number>>> {
  const prices = new Map<string, number>();
  if (ids.length === 0) return { status: 'ok', value: prices };
  const url = simplePriceUrl(ids, options.baseUrl);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) headers['x-cg-demo-api-key'] = options.apiKey;
  const outcome = await httpJson(url, { headers, signal: options.signal }, options.policy ?? DEFAULT_POLICY);
  if (!outcome.ok) return { status: outcome.kind, reason: `price service: ${scrub(outcome.reason, options.apiKey)}` };
  const body = outcome.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 'bad-response', reason: 'price service answered something other than a JSON object' };
  }
  const byLowerId = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) byLowerId.set(key.toLowerCase(), value);
  for (const id of new Set(ids)) {
    const entry = byLowerId.get(id.toLowerCase());
    if (typeof entry !== 'object' || entry === null) continue;
    const usd = Object.entries(entry).find(([k]) => k.toLowerCase() === 'usd')?.[1];
    if (typeof usd === 'number' && Number.isFinite(usd) && usd >= 0) prices.set(id, usd);
  }
  return { status: 'ok', value: prices };
}
