import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import type { EarningsReport, OnChainLine } from '../core/earnings.js';
import type { PriceLookup } from '../prices/price-cache.js';
import type { SourceFailure } from '../services/earnings-rewards.js';

const usd = (v: number | undefined) => (v === undefined ? '' : `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
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

export function earningsJson(report: EarningsReport, extra: { offline: boolean; prices: PriceLookup; sourceFailures: SourceFailure[] }): unknown {
  return {
    since: new Date(report.since).toISOString(),
    now: new Date(report.now).toISOString(),
    offline: extra.offline,
    lines: report.onChain,
    networkApi: report.networkApi,
    unread: report.unread,
    totals: report.totals,
    prices: { status: extra.prices.status, reason: extra.prices.reason ?? null, missing: extra.prices.missing },
    sourceFailures: extra.sourceFailures,
  };
}

export async function renderEarnings(
  ctx: CommandContext,
  report: EarningsReport,
  extra: { offline: boolean; sourceFailures: SourceFailure[]; pricesStatus: string },
): Promise<void> {
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
      usd(l.earnedUsd),
      usd(l.balanceUsd),
      l.status === 'ok' ? p('green', 'ok') : p('red', `${l.status} [${notes.push(failureNote(l))}]`),
    ]);
    ctx.output.out(
      await renderTable(['network', 'token', 'wallet', 'balance', `earned since ${day(report.since)}`, 'earned USD', 'value USD', 'status'], rows, { colour }),
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
      `${age(r.ageMs)} ago`,
    ]);
    ctx.output.out('Reported by the networks themselves (not on-chain; not added to the totals):');
    ctx.output.out(await renderTable(['network', 'figure', 'amount', 'kind', 'period', 'as of'], rows, { colour }));
  }
  ctx.output.out(summaryLine(report, extra, p));
  // Failed lines carry their reason in the table notes; the rest have no line to show them on.
  const onALine = (u: EarningsReport['unread'][number]) =>
    u.token !== undefined && lines.some((l) => l.status !== 'ok' && l.token === u.token && l.wallet === u.wallet);
  for (const u of report.unread.filter((x) => !onALine(x)))
    ctx.output.err(`${ctx.output.paint('red', 'unread:')} ${u.chain}${u.wallet ? ` ${u.wallet}` : ''}: ${u.status}: ${u.reason}`);
  for (const f of extra.sourceFailures) ctx.output.err(`${ctx.output.paint('red', 'unread:')} ${f.network} (${f.source}): ${f.status}: ${f.reason}`);
}

/** The totals line: never a bare $0.00 when chains were left out or nothing could be read. */
export function summaryLine(
  report: EarningsReport,
  extra: { offline: boolean; pricesStatus: string },
  p: (style: 'bold', text: string) => string = (_s, t) => t,
): string {
  const t = report.totals.overall;
  const unread = report.totals.unread.join(', ');
  if (!report.totals.known) {
    const why = unread ? `no balance could be read (not read: ${unread})` : 'nothing recorded yet';
    return `Earned since ${day(report.since)}: ${p('bold', 'unknown')}: ${why}`;
  }
  const notes = [
    report.totals.complete ? '' : `incomplete: ${unread} not read now${t.includesLastKnown ? ', last known values used where there are any' : ''}`,
    t.unpriced ? `${t.unpriced} balance${t.unpriced > 1 ? 's' : ''} without a USD price left out` : '',
    extra.offline ? 'offline: from the local history only' : '',
    extra.pricesStatus === 'failed' || extra.pricesStatus === 'offline' ? 'prices may be old' : '',
  ].filter(Boolean);
  return `Earned since ${day(report.since)}: ${p('bold', usd(t.earnedUsd))} · holdings ${usd(t.balanceUsd)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
