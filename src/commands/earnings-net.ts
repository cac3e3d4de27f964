/**
 * `depin earnings --net`: the net profit computed from the history (see services/net-profit),
 * printed as a table with its attribution, or as one JSON document.
 */
import type { CommandContext } from '../cli/context.js';
import { netProfit, type NetData, type NetSettings } from '../services/net-profit.js';

export { readNetSettings, type NetSettings } from '../services/net-profit.js';

/** Computes the report and prints it as a table with its attribution, or as one JSON document. */
export async function printNet(
  ctx: CommandContext,
  settings: NetSettings,
  data: NetData & { offline: boolean; json: boolean; unreadChains: string[] },
): Promise<void> {
  const { openPowerSamples } = await import('../store/power-samples-db.js');
  const store = await openPowerSamples(ctx.paths.dbFile, { readsOnly: data.offline });
  let report;
  try {
    report = netProfit(settings, store, data);
  } finally {
    store.close();
  }
  const { netJson, renderNet } = await import('./earnings-net-render.js');
  if (data.json) ctx.output.printJson(netJson(report, settings, { offline: data.offline, unreadChains: data.unreadChains }));
  else await renderNet(ctx, report);
}
