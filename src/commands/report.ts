import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { DepinError, EXIT, usageError } from '../cli/errors.js';
import { valueCurrency } from '../services/value-currency.js';

interface ReportOptions {
  since: string;
  out: string;
  network?: string;
}

const DAY = 86_400_000;

/** Where the page goes: its folder must exist already (a typo should not grow new folders), and it must not be a folder itself. */
function outPath(value: string, cwd: string): string {
  const path = resolve(cwd, value);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw usageError(
      `--out ${JSON.stringify(value)}: the folder ${dir} does not exist`,
      'Create the folder first, or pass --out with a file in an existing folder.',
    );
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw usageError(`--out ${JSON.stringify(value)} is a folder`, `Name a file, e.g. --out ${JSON.stringify(resolve(path, 'report.html'))}.`);
  }
  return path;
}

/** uPlot's browser build, read from the installed package so the page carries the exact pinned version. */
function chartAssets(): { js: string; css: string } {
  const require = createRequire(import.meta.url);
  try {
    return {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  } catch (error) {
    throw new DepinError('REPORT_ASSETS', 'the chart library (uplot) is not installed with depin', {
      suggestion: 'Reinstall depin (npm install) so its dependencies are complete.',
      cause: error,
    });
  }
}

export async function run(ctx: CommandContext, _args: string[], options: ReportOptions): Promise<number> {
  const now = Date.now();
  const { parseSince } = await import('../core/earnings-since.js');
  const since = parseSince(options.since, now);
  if (options.network !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(options.network)) {
    throw usageError(`--network ${JSON.stringify(options.network)} is not a network id`, 'Use an id from `depin networks`, like storj.');
  }
  const out = outPath(options.out, process.cwd());
  // Reading never creates the history: without it there is nothing to report.
  if (!existsSync(ctx.paths.dbFile)) {
    throw new DepinError('NOT_CONFIGURED', 'nothing is recorded yet, so there is nothing to report', {
      kind: 'not-configured',
      suggestion: 'Add a wallet with `depin wallet add <address>` and run `depin earnings` once.',
    });
  }
  const assets = chartAssets();
  // Plugins first: their settings are config keys, and the config file may hold some.
  const { loadPlugins } = await import('../plugins-host/index.js');
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const config = ctx.config();
  // Power settings are checked before anything is read: a bad split is a usage error, as in `earnings --net`.
  const { readNetSettings, netProfit } = await import('../services/net-profit.js');
  const netSettings = readNetSettings(ctx, registry.plugins);
  const currency = valueCurrency((key) => config.get(key));
  const [
    { openHistoryWithEvents },
    { dailyValuesFromSnapshots, priceFromBook },
    { dayPriceBook },
    { utcDay },
    { uptimeByDay },
    { buildReportModel },
    { renderReportHtml },
  ] = await Promise.all([
    import('../store/history-with-events.js'),
    import('../core/daily-values.js'),
    import('../core/day-prices.js'),
    import('../core/utc-day.js'),
    import('../core/report-uptime.js'),
    import('../core/report-model.js'),
    import('../core/report-html.js'),
  ]);
  const keep = (network: string | undefined) => options.network === undefined || network === options.network;

  const store = await openHistoryWithEvents(ctx.paths.dbFile);
  let snapshots, prices, events, net;
  try {
    snapshots = store.history.snapshotsSince(since).filter((s) => keep(s.network));
    const ids = [...new Set(snapshots.flatMap((s) => (s.coingeckoId ? [s.coingeckoId] : [])))];
    // The stored day prices, else a spot price fetched that day: the rule of `depin earnings`. Nothing is fetched.
    prices = dayPriceBook(store.history.dayPrices(ids, currency, utcDay(since - DAY)), store.history.priceHistory(ids, currency, since - DAY));
    // From the start: a node's state at the start of the period is the last change before it.
    events = store.events.since(0).filter((e) => e.kind !== 'health' || keep(e.network));
    const networks = new Set(registry.plugins.map((p) => p.id).filter((id) => keep(id)));
    net = netProfit(netSettings, store.power, { since, now, snapshots, networks, currency, dayPrices: prices });
  } finally {
    store.close();
  }
  if (options.network !== undefined && snapshots.length === 0 && !events.some((e) => e.network === options.network)) {
    throw new DepinError('NOT_CONFIGURED', `nothing is recorded for ${options.network} since ${new Date(since).toISOString().slice(0, 10)}`, {
      kind: 'not-configured',
      suggestion: 'Check the id with `depin networks`, track its wallet with `depin wallet add`, and run `depin earnings`.',
    });
  }

  const priceOn = priceFromBook(prices);
  const earnings = dailyValuesFromSnapshots(snapshots, since, now, priceOn);
  const model = buildReportModel({
    now,
    currency: currency.toUpperCase(),
    earnings,
    snapshots,
    priceOn,
    uptime: events.some((e) => e.kind === 'health') ? uptimeByDay(events, earnings.days, now) : [],
    net,
  });
  const html = renderReportHtml(model, assets);
  const { writeFileAtomic } = await import('../store/atomic-write.js');
  writeFileAtomic(out, html);
  const bytes = Buffer.byteLength(html);
  if (ctx.output.json) ctx.output.printJson({ out, bytes, from: model.from, to: model.to, networks: model.networks, currency: model.currency });
  else
    ctx.output.out(
      `Wrote ${out} (${Math.ceil(bytes / 1024)} KB): ${model.networks.length} network${model.networks.length === 1 ? '' : 's'}, ${model.from} to ${model.to}.`,
    );
  if (model.networks.length === 0) ctx.output.err('Nothing was recorded in this period: the page has empty charts.');
  return EXIT.ok;
}
