import { usageError } from '../domain/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--interval` values such as 30s, 2m or 1h, between `minMs` and a day. */
export function parseInterval(flag: string, value: string, minMs = 1000): number {
  const m = /^(\d{1,7})(ms|s|m|h)$/.exec(value.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2]] : NaN;
  if (!Number.isFinite(ms) || ms < minMs || ms > 86_400_000) {
    throw usageError(`${flag} ${JSON.stringify(value)} is not an interval between ${minMs / 1000}s and 24h`, `Write it like 10s, 30s, 2m or 1h.`);
  }
  return ms;
}

/** `host:port` for a listen address; IPv6 in brackets (`[::1]:9464`). */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port > 65535) {
    throw usageError(
      `--listen ${JSON.stringify(value)} is not host:port`,
      'Write it like 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:9464 (the last needs a token).',
    );
  }
  return { host: m[1] ?? m[2], port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
