import type { CommandContext } from '../cli/context.js';
import type { DayPriceBook } from '../core/day-prices.js';
import type { SnapshotRow } from '../domain/records.js';
import type { LoadedPlugin } from '../plugins-host/index.js';

/** The period as a picture: stacked daily values per network, on stdout (stderr with --json, which owns stdout). */
export async function printChart(
  ctx: CommandContext,
  snapshots: readonly SnapshotRow[],
  prices: DayPriceBook,
  period: { since: number; now: number; currency: string },
) {
  const [{ dailyValuesFromSnapshots, priceFromBook }, { renderChart }] = await Promise.all([
    import('../core/daily-values.js'),
    import('../core/terminal-chart.js'),
  ]);
  const data = dailyValuesFromSnapshots(snapshots, period.since, period.now, priceFromBook(prices));
  const toStderr = ctx.output.json;
  const stream = toStderr ? process.stderr : process.stdout;
  const colour = (toStderr ? ctx.output.paint : ctx.output.paintOut)('bold', 'x') !== 'x';
  const text = renderChart(data, { width: stream.columns && stream.columns > 0 ? stream.columns : 80, colour, currency: period.currency.toUpperCase() });
  if (toStderr) ctx.output.err(text);
  else ctx.output.out(text);
}

/** rotki's generic events CSV on stdout: one row per earning. */
export async function printRotki(snapshots: readonly SnapshotRow[], plugins: readonly LoadedPlugin[], period: { since: number; now: number }) {
  const { buildRotkiRows, toRotkiCsv } = await import('../core/rotki-csv.js');
  // Node operators of a chain are paid for validating or delegating: rotki files that as staking.
  const stakingNetworks = new Set(plugins.filter((p) => p.definition.manifest.category === 'chain-node').map((p) => p.id));
  process.stdout.write(toRotkiCsv(buildRotkiRows(snapshots, { ...period, stakingNetworks })));
}
