import { closest } from '../core/did-you-mean.js';

/**
 * CoinGecko's `/simple/supported_vs_currencies` answer, used until the live list has been fetched
 * once (and offline). Recorded response as kept in the pycgapi project's test fixtures
 * (tests/mock_responses/simple_mock.py, `simple_supported_vs_currencies_response`), the same codes
 * as CoinGecko's `/exchange_rates` of that time.
 */
export const FALLBACK_VS_CURRENCIES: readonly string[] = [
  'btc', 'eth', 'ltc', 'bch', 'bnb', 'eos', 'xrp', 'xlm', 'link', 'dot', 'yfi',
  'usd', 'aed', 'ars', 'aud', 'bdt', 'bhd', 'bmd', 'brl', 'cad', 'chf', 'clp', 'cny', 'czk', 'dkk', 'eur', 'gbp', 'gel', 'hkd',
  'huf', 'idr', 'ils', 'inr', 'jpy', 'krw', 'kwd', 'lkr', 'mmk', 'mxn', 'myr', 'ngn', 'nok', 'nzd', 'php', 'pkr', 'pln', 'rub',
  'sar', 'sek', 'sgd', 'thb', 'try', 'twd', 'uah', 'vef', 'vnd', 'zar', 'xdr', 'xag', 'xau', 'bits', 'sats',
]; // prettier-ignore

export type CurrencyCheck = { ok: true; code: string } | { ok: false; message: string; suggestion: string };

/**
 * Whether `input` is one of `valid` (case ignored). When not, the message names it and the
 * suggestion lists every valid code, with the nearest one first when it looks like a typo.
 */
export function checkCurrency(input: string, valid: readonly string[]): CurrencyCheck {
  const code = input.trim().toLowerCase();
  if (valid.includes(code)) return { ok: true, code };
  const near = closest(code, valid);
  const message = `unknown currency "${input}"${near ? `: did you mean "${near}"?` : ''}`;
  const suggestion = `Set one CoinGecko quotes: \`depin config set currency <code>\` or DEPIN_CURRENCY. Valid codes: ${[...valid].sort().join(', ')}.`;
  return { ok: false, message, suggestion };
}
