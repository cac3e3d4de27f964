import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import type { NetDay, NetReport, NetTotals } from '../core/net-profit.js';
import { NO_KWH_PRICE } from '../core/net-profit.js';
import type { NetSettings } from '../services/net-profit.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function netJson(report: NetReport, settings: NetSettings, extra: { offline: boolean; unreadChains: string[] }): unknown {
  return {
    since: iso(report.since),
    now: iso(report.now),
    offline: extra.offline,
    currency: report.currency,
    settings: {
      kwhPrice: report.kwhPrice,
      baselineWatts: report.baselineWatts,
      split: settings.split ?? null,
      maxGapSeconds: settings.maxGapSeconds,
    },
    attribution: report.attribution,
    networks: report.networks,
    totals: report.totals,
    notes: report.notes,
    unreadChains: extra.unreadChains,
  };
}

function money(value: number | null, currency: string): string {
  if (value === null) return '—';
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = value < 0 ? '-' : '';
  return currency === 'usd' ? `${sign}$${text}` : `${sign}${text} ${currency.toUpperCase()}`;
}

const kwh = (v: number | null) => (v === null ? '—' : v.toFixed(3));

function powerCell(d: NetDay): string {
  if (d.power === 'not-joined') return 'not joined here';
  if (d.power === 'not-measured') return 'power not measured';
  if (d.power === 'partial') return `measured ${(d.measuredSeconds / 3600).toFixed(1)} h of ${(d.daySeconds / 3600).toFixed(1)} h`;
  return 'measured';
}

/** The net cell: the figure, or in two words why there is none. */
function netCell(d: NetDay, currency: string): string {
  if (d.net !== null) return money(d.net, currency);
  if (d.power === 'not-joined') return '— (not joined)';
  if (d.power === 'not-measured') return '— (not measured)';
  if (d.earned === null) return '— (no price)';
  return '— (no kWh price)';
}

function totalRow(network: string, t: NetTotals, currency: string): string[] {
  return [
    network,
    'total',
    `${money(t.earned, currency)}${t.earnedComplete ? '' : ' +unpriced'}`,
    t.kWh.toFixed(3),
    money(t.powerCost, currency),
    t.net === null ? '—' : `${money(t.net, currency)} (${t.netDays} of ${t.days} d)`,
    '',
  ];
}

export async function renderNet(ctx: CommandContext, report: NetReport): Promise<void> {
  const p = ctx.output.paintOut;
  const colour = p('bold', 'x') !== 'x';
  const c = report.currency;
  if (report.networks.length === 0) {
    ctx.output.out('No earnings and no joined network for this selection yet.');
  } else {
    const rows: string[][] = [];
    for (const n of report.networks) {
      for (const d of n.days) {
        rows.push([
          n.network,
          d.day,
          d.earned === null ? `${money(0, c)} +unpriced` : money(d.earned, c),
          kwh(d.kWh),
          money(d.powerCost, c),
          netCell(d, c),
          powerCell(d),
        ]);
      }
      if (n.days.length > 1) rows.push(totalRow(n.network, n.totals, c).map((cell) => p('bold', cell)));
    }
    const unit = c.toUpperCase();
    ctx.output.out(await renderTable(['network', 'day (UTC)', `earned ${unit}`, 'kWh', `power ${unit}`, `net ${unit}`, 'power'], rows, { colour }));
    const t = report.totals;
    ctx.output.out(
      `Total: earned ${money(t.earned, c)}${t.earnedComplete ? '' : ' (some earnings have no price)'}, ${t.kWh.toFixed(3)} kWh, power ${money(t.powerCost, c)}, net ${
        t.net === null ? 'not known' : `${money(t.net, c)} over ${t.netDays} of ${t.days} days`
      }.`,
    );
  }
  const unpriced = new Set(report.networks.flatMap((n) => n.days.flatMap((d) => d.unpriced.map((s) => `${s} (${d.day})`))));
  ctx.output.out('How power is attributed:');
  for (const line of report.attribution.text) ctx.output.out(`  ${line}`);
  if (unpriced.size > 0) ctx.output.out(`No price for: ${[...unpriced].join(', ')}; those days have no net.`);
  for (const note of report.notes) ctx.output.out(note.startsWith(NO_KWH_PRICE) ? p('yellow', note) : note);
}
