import type { RewardReading, RewardSource, Tagged } from '../../src/plugin-api/index.js';

/** The node dashboard Docker publishes on loopback (`-p 127.0.0.1:14002:14002`). */
export const DEFAULT_DASHBOARD_URL = 'http://127.0.0.1:14002';

/**
 * US cents (as the node's JSON number or a decimal string) to a USD decimal string, by moving the
 * decimal point in the digits: `1234.5` → `12.345`, `7` → `0.07`. No floating-point arithmetic.
 */
export function centsToUsd(cents: number | string): string | undefined {
  const text = typeof cents === 'number' ? (Number.isFinite(cents) ? String(cents) : '') : cents.trim();
  const m = /^(-)?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole, frac = '', exp = '0'] = m;
  const digits = whole + frac;
  const point = whole.length + Number(exp) - 2;
  let intPart: string;
  let fracPart: string;
  if (point <= 0) [intPart, fracPart] = ['0', '0'.repeat(-point) + digits];
  else if (point >= digits.length) [intPart, fracPart] = [digits + '0'.repeat(point - digits.length), ''];
  else [intPart, fracPart] = [digits.slice(0, point), digits.slice(point)];
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  const value = fracPart ? `${intPart}.${fracPart}` : intPart;
  return sign && /[1-9]/.test(value) ? `-${value}` : value;
}

/** `YYYY-MM` of the month `offset` months from `now` (UTC). */
export function monthOf(now: Date, offset = 0): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The node's own estimate (`GET /api/sno/estimated-payout`): payout after the held-back share, in US
 * cents, for the current month so far and for the previous month. Both are estimates, not payments;
 * the STORJ actually paid shows up in the wallet's on-chain balance.
 */
export function createStorjPayoutSource(clock: () => Date = () => new Date()): RewardSource {
  return {
    id: 'storj-estimated-payout',
    description: 'Estimated payout (USD) from the local Storj node dashboard',
    configKeys: ['storj.dashboardUrl'],
    async read(ctx): Promise<Tagged<RewardReading[]>> {
      const base = (ctx.settings.get('dashboardUrl') ?? DEFAULT_DASHBOARD_URL).replace(/\/+$/, '');
      const reply = await ctx.http.fetchJson(`${base}/api/sno/estimated-payout`);
      if (reply.status !== 'ok') return { status: reply.status, reason: `Storj node dashboard at ${base}: ${reply.reason}` };
      const body = reply.value;
      if (!isRecord(body) || !isRecord(body.currentMonth)) {
        return { status: 'bad-response', reason: `Storj node dashboard at ${base} sent no currentMonth estimate` };
      }
      const now = clock();
      const at = now.toISOString();
      const readings: RewardReading[] = [];
      const months: [string, unknown][] = [
        [monthOf(now), body.currentMonth],
        [monthOf(now, -1), body.previousMonth],
      ];
      for (const [period, month] of months) {
        if (!isRecord(month) || month.payout === undefined) continue;
        const usd = typeof month.payout === 'number' || typeof month.payout === 'string' ? centsToUsd(month.payout) : undefined;
        if (usd === undefined) return { status: 'bad-response', reason: `Storj node dashboard at ${base}: payout for ${period} is not a number` };
        readings.push({
          source: `Storj node dashboard (${base}): estimated payout after held amount`,
          symbol: 'STORJ',
          chain: 'ethereum',
          amount: usd,
          unit: 'usd',
          kind: 'estimated',
          period,
          at,
        });
      }
      return { status: 'ok', value: readings };
    },
  };
}

export const storjPayoutSource = createStorjPayoutSource();

export const rewardSources: RewardSource[] = [storjPayoutSource];
