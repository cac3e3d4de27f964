/**
 * Exact decimal arithmetic for token amounts. Token amounts never pass through floating point:
 * raw base units are bigint, human amounts are decimal strings.
 */

/** Formats raw base units as a decimal string with trailing zeros trimmed (`1500000`, 6 → `1.5`). */
export function formatUnits(raw: bigint, decimals: number): string {
  const negative = raw < 0n;
  const abs = negative ? -raw : raw;
  const s = abs.toString().padStart(decimals + 1, '0');
  const whole = decimals === 0 ? s : s.slice(0, s.length - decimals);
  let frac = decimals === 0 ? '' : s.slice(s.length - decimals);
  frac = frac.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Parses a decimal string into base units; throws on anything that is not a plain decimal. */
export function parseUnits(value: string, decimals: number): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(value)}`);
  const [, sign, whole, fracRaw = ''] = m;
  if (fracRaw.length > decimals && /[1-9]/.test(fracRaw.slice(decimals))) {
    throw new Error(`${value} has more than ${decimals} decimal places`);
  }
  const frac = fracRaw.slice(0, decimals).padEnd(decimals, '0');
  const raw = BigInt(whole + frac);
  return sign ? -raw : raw;
}

/** Multiplies an exact token amount by a price (any currency); the result is a number for display only. */
export function toValue(raw: bigint, decimals: number, price: number): number {
  // Split to keep precision for large balances: whole part and fraction multiplied separately.
  const scale = 10n ** BigInt(decimals);
  const whole = raw / scale;
  const frac = raw % scale;
  return Number(whole) * price + (Number(frac) / Number(scale)) * price;
}
