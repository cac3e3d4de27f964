/**
 * A money amount for display in `currency` (a CoinGecko code: `usd`, `eur`, `btc`, `sats`…). ISO
 * 4217 codes use Intl's currency style ("$1,234.50", "€1,234.50", "¥1,235"); codes Intl does not
 * know as currencies (crypto units like `btc`, `sats`, `link`) are a plain number and the code.
 */
export function formatMoney(value: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  if (!Number.isFinite(value)) return '';
  if (isIsoCurrency(code))
    return formatter(`${locale} ${code}`, () => ({ style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' }), locale).format(value);
  // Crypto units: small values matter, so significant digits rather than two decimals.
  const large = Math.abs(value) >= 1;
  const digits = formatter(
    `${locale} ${large ? 'fraction' : 'significant'}`,
    () => (large ? { maximumFractionDigits: 4 } : { maximumSignificantDigits: 6 }),
    locale,
  );
  return `${digits.format(value)} ${code}`;
}

// Building an Intl.NumberFormat costs far more than formatting with one, and a table of a year of
// history formats thousands of values with the same few formats.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(key: string, options: () => Intl.NumberFormatOptions, locale: string): Intl.NumberFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options());
    formatters.set(key, f);
  }
  return f;
}

const iso = new Map<string, boolean>();

/** True for codes Intl formats as a currency with its own decimals (not a made-up three letters). */
function isIsoCurrency(code: string): boolean {
  let known = iso.get(code);
  if (known === undefined) {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency') ?? [];
    known = supported.includes(code);
    iso.set(code, known);
  }
  return known;
}

/** The code as people write it in a column header ("EUR", "SATS"). */
export function currencyLabel(currency: string): string {
  return currency.toUpperCase();
}
