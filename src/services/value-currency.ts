import { configKey } from '../store/config-keys.js';

/** The currency values are labelled with: the `currency` setting where depin has one, else USD. */
export function valueCurrency(config: ((key: string) => string | undefined) | undefined): string {
  if (!config || !configKey('currency')) return 'usd';
  try {
    return (config('currency') ?? 'usd').toLowerCase();
  } catch {
    return 'usd';
  }
}
