import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import type { EarningsReport, OnChainLine } from '../core/earnings.js';
import type { PriceLookup } from '../prices/price-cache.js';
import type { SourceFailure } from '../services/earnings-rewards.js';
import type { Values } from './earnings-values.js';
import { currencyLabel, formatMoney } from '../core/money.js';

const money = (v: number | undefined, currency: string) => (v === undefined ? '' : formatMoney(v, currency));
const short = (a: string) => (a.length > 16 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "3 h", "2 d": how old a last known value is. */
export function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/** Why a line could not be read now, and what is shown instead (printed as a note under the table). */
function failureNote(line: OnChainLine): string {
  const last = line.asOf === undefined ? 'never read successfully' : `showing the last known balance, ${age(line.ageMs ?? 0)} old`;
  return `${line.network} ${line.symbol} (${line.chain}) ${line.wallet}: ${line.status}: ${line.reason ?? ''}; ${last}`;
}

export function earningsJson(
  report: EarningsReport,
  extra: { offline: boolean; prices: PriceLookup; sourceFailures: SourceFailure[]; values?: Values },
): unknown {
  const backfill = extra.values?.backfill;
  return {
    currency: report.currency,
    since: new Date(report.since).toISOString(),
    now: new Date(report.now).toISOString(),
    offline: extra.offline,
    lines: report.onChain,
    networkApi: report.networkApi,
    unread: report.unread,
    totals: report.totals,
    prices: {
      status: extra.prices.status,
      reason: extra.prices.reason ?? null,
      missing: extra.prices.missing,
      usdRate: extra.values?.usdRate ? { rate: extra.values.usdRate.rate, at: new Date(extra.values.usdRate.at).toISOString() } : null,
      usdRateNote: extra.values?.usdRateNote ?? null,
      dailyFetched: backfill?.fetched ?? [],
      dailyFailed: backfill?.failed ?? [],
      dailyBeyondHistory: backfill?.beyondHistory ?? [],
    },
    sourceFailures: extra.sourceFailures,
  };
}

export async function renderEarnings(
  ctx: CommandContext,
  report: EarningsReport,
  extra: { offline: boolean; sourceFailures: SourceFailure[]; pricesStatus: string; values?: Values },
): Promise<void> {
  const cur = report.currency;
  const code = currencyLabel(cur);
  const p = ctx.output.paintOut;
  const colour = p('bold', 'x') !== 'x';
  const lines = [...report.onChain].sort((a, b) => a.network.localeCompare(b.network) || a.symbol.localeCompare(b.symbol) || a.wallet.localeCompare(b.wallet));
  if (lines.length === 0 && report.networkApi.length === 0) {
    ctx.output.out('No balances recorded for this selection yet.');
  } else if (lines.length > 0) {
    const notes: string[] = [];
    const rows = lines.map((l) => [
      l.network,
      `${l.symbol} (${l.chain})`,
      short(l.wallet),
      l.balance ?? '—',
      l.earned === undefined ? '—' : l.fullPeriod ? l.earned : `${l.earned} (since ${day(l.coverageFrom ?? report.since)})`,
      money(l.earnedValue, cur),
      whenEarned(l, cur, notes),
      money(l.balanceValue, cur),
      l.status === 'ok' ? p('green', 'ok') : p('red', `${l.status} [${notes.push(failureNote(l))}]`),
    ]);
    ctx.output.out(
      await renderTable(
        ['network', 'token', 'wallet', 'balance', `earned since ${day(report.since)}`, `earned ${code} now`, 'when earned', `value ${code}`, 'status'],
        rows,
        { colour },
      ),
    );
    notes.forEach((note, i) => ctx.output.out(`[${i + 1}] ${note}`));
  }
  if (report.networkApi.length > 0) {
    const rows = report.networkApi.map((r) => [
      r.network,
      r.description,
      `${r.amount} ${r.unit === 'usd' ? 'USD' : r.symbol}`,
      r.kind,
      r.period ?? '',
      r.value === undefined
        ? `— (${r.unvalued ?? 'no value'})`
        : `${money(r.value, cur)}${r.conversion ? ` (at ${r.conversion.rate.toPrecision(6)} ${code}/USD)` : ''}`,
      `${age(r.ageMs)} ago`,
    ]);
    ctx.output.out('Reported by the networks themselves (not on-chain; not added to the totals):');
    ctx.output.out(await renderTable(['network', 'figure', 'amount', 'kind', 'period', code, 'as of'], rows, { colour }));
  }
  ctx.output.out(summaryLine(report, extra, p));
  // Failed lines carry their reason in the table notes; the rest have no line to show them on.
  const onALine = (u: EarningsReport['unread'][number]) =>
    u.token !== undefined && lines.some((l) => l.status !== 'ok' && l.token === u.token && l.wallet === u.wallet);
  for (const u of report.unread.filter((x) => !onALine(x)))
    ctx.output.err(`${ctx.output.paint('red', 'unread:')} ${u.chain}${u.wallet ? ` ${u.wallet}` : ''}: ${u.status}: ${u.reason}`);
  for (const f of extra.sourceFailures) ctx.output.err(`${ctx.output.paint('red', 'unread:')} ${f.network} (${f.source}): ${f.status}: ${f.reason}`);
}

/** The totals line: never a bare zero when chains were left out or nothing could be read. */
export function summaryLine(
  report: EarningsReport,
  extra: { offline: boolean; pricesStatus: string },
  p: (style: 'bold', text: string) => string = (_s, t) => t,
): string {
  const t = report.totals.overall;
  const cur = report.currency;
  const unread = report.totals.unread.join(', ');
  if (!report.totals.known) {
    const why = unread ? `no balance could be read (not read: ${unread})` : 'nothing recorded yet';
    return `Earned since ${day(report.since)}: ${p('bold', 'unknown')}: ${why}`;
  }
  const notes = [
    report.totals.complete ? '' : `incomplete: ${unread} not read now${t.includesLastKnown ? ', last known values used where there are any' : ''}`,
    t.unpriced ? `${t.unpriced} balance${t.unpriced > 1 ? 's' : ''} without a ${currencyLabel(cur)} price left out` : '',
    t.noPriceDays ? `${t.noPriceDays} day${t.noPriceDays > 1 ? 's' : ''} without a price left out of the value when earned` : '',
    extra.offline ? 'offline: from the local history only' : '',
    extra.pricesStatus === 'failed' || extra.pricesStatus === 'offline' ? 'prices may be old' : '',
  ].filter(Boolean);
  return `Earned since ${day(report.since)}: ${p('bold', money(t.earnedValue, cur))} now · ${money(t.earnedValueWhenEarned, cur)} when earned · holdings ${money(t.balanceValue, cur)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** The value when earned, with a numbered note naming each day that has no price. */
function whenEarned(line: OnChainLine, currency: string, notes: string[]): string {
  const value = money(line.earnedValueWhenEarned, currency);
  if (!line.noPriceDays?.length) return value;
  const n = notes.push(`${line.network} ${line.symbol} ${line.wallet}: ${line.noPriceDays.map((d) => `no price for ${d}`).join(', ')}`);
  return `${value || '—'} [${n}]`;
}
