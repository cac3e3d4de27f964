import type { CommandContext } from '../cli/context.js';
import { DepinError, EXIT, usageError } from '../cli/errors.js';
import { readPolicy } from '../net/http-client.js';
import { renderEarnings, earningsJson, summaryLine } from './earnings-render.js';
import { pickView } from '../core/earnings-view.js';

interface EarningsOptions {
  json?: boolean;
  csv?: boolean;
  since: string;
  network?: string;
  offline?: boolean;
  net?: boolean;
  chart?: boolean;
  export?: string;
}

export async function run(ctx: CommandContext, _args: string[], options: EarningsOptions): Promise<number> {
  const view = pickView(options);
  const now = Date.now();
  const [{ parseSince, computeEarnings }, { listWallets }, { loadPlugins, findPlugin }, { openHistory }, { takeEarningsSnapshot }, { chainSpinner }] =
    await Promise.all([
      import('../core/earnings.js'),
      import('../wallet/book.js'),
      import('../plugins-host/index.js'),
      import('../store/history-db.js'),
      import('../services/earnings-snapshot.js'),
      import('./earnings-read.js'),
    ]);
  const since = parseSince(options.since, now);
  // Plugins first: their settings are config keys, and the config file may hold some.
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const config = ctx.config();
  const net = view.kind === 'net' ? await import('./earnings-net.js') : undefined;
  const netSettings = net?.readNetSettings(ctx, registry.plugins);
  const plugins = options.network ? [findPlugin(registry, options.network)] : registry.plugins;
  const allWallets = listWallets(ctx.paths);
  const wallets = options.network ? allWallets.filter((w) => !w.network || w.network === options.network) : allWallets;
  if (allWallets.length === 0) {
    throw new DepinError('NOT_CONFIGURED', 'no wallets are tracked yet', {
      kind: 'not-configured',
      suggestion: 'Add one with `depin wallet add <address>` (public address only).',
    });
  }

  // --offline only reads: no whole-file check (see OpenOptions.readsOnly).
  const db = await openHistory(ctx.paths.dbFile, { readsOnly: Boolean(options.offline) });
  // GPU power goes into the history on every run (it is local, so --offline too); never fails the run.
  // It opens the history on its own, with the full check, and only where nvidia-smi exists.
  const powerSample = import('../services/power-sampling.js').then((m) => m.samplePowerOnce(ctx.paths.dbFile, { env: ctx.env }));
  powerSample.catch(() => {});
  try {
    // Checked before anything is read or stored: a mistyped currency is a usage error, not a run.
    const { resolveCurrency } = await import('../prices/currency.js');
    const checked = await resolveCurrency(db, config.get('currency') ?? 'usd', {
      baseUrl: config.get('prices.url'),
      offline: options.offline,
      now,
      policy: readPolicy({ timeoutMs: config.number('http.timeoutMs'), retries: config.number('http.retries') }),
    });
    if (!checked.ok) throw usageError(checked.message, checked.suggestion);
    const currency = checked.code;
    const snapEnv = { env: ctx.env, paths: ctx.paths, config, output: ctx.output };
    const snap = await takeEarningsSnapshot(snapEnv, { plugins, wallets, db, now, offline: options.offline, progress: chainSpinner(ctx), currency });
    const { readFailures: runFailures, sourceFailures, prices: lookup } = snap;
    if (lookup.status === 'failed') ctx.output.warn(`prices: ${lookup.reason}`);
    const networks = new Set(plugins.map((p) => p.id));
    const snapshots = db.snapshotsSince(since).filter((s) => networks.has(s.network));
    const rewardsInPeriod = db.rewardsSince(since).filter((r) => networks.has(r.network));
    const [{ loadValues }, { httpSettings, configRedactor }] = await Promise.all([import('./earnings-values.js'), import('../services/earnings-snapshot.js')]);
    const values = await loadValues(ctx, db, snapshots, {
      currency,
      since,
      now,
      offline: Boolean(options.offline),
      baseUrl: config.get('prices.url'),
      policy: readPolicy(httpSettings(snapEnv)),
      callsPerMinute: config.number('prices.callsPerMinute'),
      historyDays: config.number('prices.historyDays'),
      ttlMs: config.number('prices.ttlSeconds') * 1000,
      needsUsdRate: rewardsInPeriod.some((r) => r.unit === 'usd'),
    });
    const redact = configRedactor(config);
    for (const f of values.backfill?.failed ?? []) ctx.output.warn(`daily prices of ${f.id}: ${redact(f.reason)}; the next run asks again`);

    if (net && netSettings) {
      await powerSample.catch(() => undefined);
      // Up to now, not the run's start: this run's power sample was taken after it.
      const data = {
        since,
        now: Date.now(),
        snapshots,
        networks,
        offline: Boolean(options.offline),
        json: Boolean(options.json),
        currency,
        dayPrices: values.dayPrices,
      };
      await net.printNet(ctx, netSettings, { ...data, unreadChains: [...new Set(runFailures.map((f) => f.chain))].sort() });
    } else if (view.kind === 'export') {
      const { printRotki } = await import('./earnings-views.js');
      await printRotki(snapshots, plugins, { since, now });
    } else if (options.csv) {
      const { buildLedger, toCsv } = await import('../core/ledger.js');
      const rows = buildLedger(snapshots, values.dayPrices, { since, now, currency });
      process.stdout.write(toCsv(rows));
      // The ledger has no column for what could not be read: say it where a script sees it.
      for (const f of runFailures) ctx.output.err(`unread: ${f.chain} ${f.wallet ?? ''} ${f.symbol ?? ''}: ${f.status}: ${f.reason}`.replace(/ +/g, ' '));
      for (const f of sourceFailures) ctx.output.err(`unread: ${f.network} (${f.source}): ${f.status}: ${f.reason}`);
    } else {
      const report = computeEarnings({
        since,
        // Reward sources stamp their readings as they answer, after the run began.
        now: Date.now(),
        snapshots,
        rewards: rewardsInPeriod,
        failures: runFailures,
        currency,
        prices: lookup.prices,
        dayPrices: values.dayPrices,
        usdRate: values.usdRate,
      });
      const extra = { offline: Boolean(options.offline), prices: lookup, sourceFailures, values, pricesStatus: lookup.status };
      if (view.kind === 'chart') await (await import('./earnings-views.js')).printChart(ctx, snapshots, values.dayPrices, { since, now, currency });
      if (options.json) ctx.output.printJson(earningsJson(report, extra));
      else if (view.kind === 'chart') ctx.output.out(summaryLine(report, extra));
      else await renderEarnings(ctx, report, extra);
      if (snapshots.length === 0 && options.offline) ctx.output.err('The local history is empty: run `depin earnings` once without --offline.');
    }
    const partial = runFailures.length > 0 || sourceFailures.length > 0;
    return partial ? EXIT.partial : EXIT.ok;
  } finally {
    const sampled = await powerSample.catch(() => undefined);
    if (sampled?.problem) ctx.output.warn(`GPU power not sampled: ${sampled.problem}`);
    db.close();
  }
}
