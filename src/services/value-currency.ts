/** The currency every value is in: the `currency` setting (checked when set), else usd. */
export function valueCurrency(config: ((key: string) => string | undefined) | undefined): string {
  if (!config) return 'usd';
  try {
    return (config('currency') ?? 'usd').toLowerCase();
  } catch {
    return 'usd';
  }
}
