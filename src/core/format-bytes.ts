/**
 * Human byte sizes. depin's "GB" is 10^9 bytes, the unit disk vendors and most network requirement
 * pages use; it also leaves room for the memory a kernel keeps for itself, so a machine with 32 GiB
 * installed (about 33.6 GB usable) meets a 32 GB requirement.
 */

export const BYTES_PER_GB = 1e9;

/** Bytes as a number of GB (10^9 bytes). */
export function bytesToGb(bytes: number): number {
  return bytes / BYTES_PER_GB;
}

/** How a figure is rounded to one decimal: `down` never shows a shortfall as meeting the bar. */
export type Rounding = 'down' | 'nearest';

function oneDecimal(value: number, rounding: Rounding): string {
  const scaled = rounding === 'down' ? Math.floor(value * 10 + 1e-9) / 10 : Math.round(value * 10) / 10;
  return scaled.toFixed(1).replace(/\.0$/, '');
}

/** "15.6 GB": bytes in GB with at most one decimal. */
export function formatGb(bytes: number, rounding: Rounding = 'nearest'): string {
  return `${oneDecimal(bytesToGb(bytes), rounding)} GB`;
}

/** Bytes in the largest fitting unit (MB, GB, TB), one decimal at most: "512 MB", "85.2 GB", "16.2 TB". */
export function formatBytes(bytes: number, rounding: Rounding = 'nearest'): string {
  const abs = Math.abs(bytes);
  if (abs >= 1e12) return `${oneDecimal(bytes / 1e12, rounding)} TB`;
  if (abs >= 1e9) return `${oneDecimal(bytes / 1e9, rounding)} GB`;
  if (abs >= 1e6) return `${oneDecimal(bytes / 1e6, rounding)} MB`;
  if (abs >= 1e3) return `${oneDecimal(bytes / 1e3, rounding)} kB`;
  return `${Math.round(bytes)} B`;
}
