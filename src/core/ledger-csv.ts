import type { LedgerRow } from './ledger.js';

export const LEDGER_HEADER = ['date', 'network', 'chain', 'wallet', 'token', 'amount', 'currency', 'price', 'value', 'note'] as const;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and quotes inside are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A plain decimal with at most `places` decimals, trailing zeros trimmed: spreadsheets read it as a
 * number in any locale that uses `.` (never exponent notation like 1e-7).
 */
export function plainDecimal(value: number, places: number): string {
  if (!Number.isFinite(value)) return '';
  const fixed = value.toFixed(places);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * The ledger as CSV: header `date,network,chain,wallet,token,amount,currency,price,value,note`, CRLF
 * line ends (RFC 4180), exact token amounts, the day's price in the chosen currency, and empty price
 * and value cells (with the reason in `note`) where no price is known.
 */
export function toCsv(rows: readonly LedgerRow[]): string {
  const lines = [LEDGER_HEADER.join(',')];
  for (const r of rows) {
    const cells = [
      r.date,
      r.network,
      r.chain,
      r.wallet,
      r.token,
      r.amount,
      r.currency,
      r.price === undefined ? '' : plainDecimal(r.price, 10),
      r.value === undefined ? '' : plainDecimal(r.value, 6),
      r.note ?? '',
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
