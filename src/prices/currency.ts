import { checkCurrency, FALLBACK_VS_CURRENCIES, type CurrencyCheck } from './vs-currencies.js';
import { fetchVsCurrencies, type CoingeckoOptions } from './coingecko.js';
import type { HistoryDb } from '../store/history-db.js';

/**
 * Checks a currency code against CoinGecko's list: the stored one (or the built-in copy before any
 * was fetched). Only a code missing from it costs a request, for the live list, which is stored;
 * offline, the known list decides.
 */
export async function resolveCurrency(
  store: Pick<HistoryDb, 'vsCurrencies' | 'storeVsCurrencies'>,
  input: string,
  options: CoingeckoOptions & { offline?: boolean; now: number },
): Promise<CurrencyCheck> {
  const known = store.vsCurrencies()?.codes ?? FALLBACK_VS_CURRENCIES;
  const first = checkCurrency(input, known);
  if (first.ok || options.offline) return first;
  const live = await fetchVsCurrencies(options);
  if (live.status !== 'ok') return first;
  store.storeVsCurrencies(live.value, options.now);
  return checkCurrency(input, live.value);
}
