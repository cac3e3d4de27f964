import type { CommandContext } from '../cli/context.js';
import { DepinError, EXIT } from '../cli/errors.js';
import type { ChainId } from '../plugin-api/types.js';
import type { FailureInput } from '../core/earnings.js';
import type { SnapshotRow, ReadFailureRow } from '../domain/records.js';
import { readChains } from './earnings-read.js';
import { commandDeadlineMs } from '../net/deadline.js';
import { readPolicy } from '../net/http-client.js';
import { redactText } from '../net/redact.js';
import { CONFIG_KEYS } from '../store/config-keys.js';
import { renderEarnings, earningsJson, summaryLine } from './earnings-render.js';
import type { SourceFailure } from './earnings-rewards.js';
import { pickView } from '../core/earnings-view.js';

interface EarningsOptions {
  json?: boolean;
  csv?: boolean;
  since: string;
  network?: string;
  offline?: boolean;
  chart?: boolean;
  export?: string;
}

export async function run(ctx: CommandContext, _args: string[], options: EarningsOptions): Promise<number> {
  const view = pickView(options);
  const now = Date.now();
  const [{ parseSince, computeEarnings }, { listWallets }, { loadPlugins, findPlugin }, { openHistory }, { getUsdPrices }] = await Promise.all([
    import('../core/earnings.js'),
    import('../wallet/book.js'),
    import('../plugins-host/index.js'),
    import('../store/history-db.js'),
    import('../prices/price-cache.js'),
  ]);
  const since = parseSince(options.since, now);
  // Plugins first: their settings are config keys, and the config file may hold some.
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const config = ctx.config();
  const plugins = options.network ? [findPlugin(registry, options.network)] : registry.plugins;
  const allWallets = listWallets(ctx.paths);
  const wallets = options.network ? allWallets.filter((w) => !w.network || w.network === options.network) : allWallets;
  if (allWallets.length === 0) {
    throw new DepinError('NOT_CONFIGURED', 'no wallets are tracked yet', {
      kind: 'not-configured',
      suggestion: 'Add one with `depin wallet add <address>` (public address only).',
    });
  }

  const db = await openHistory(ctx.paths.dbFile);
  const policy = {
    timeoutMs: config.number('http.timeoutMs'),
    retries: config.number('http.retries'),
    concurrency: config.number('http.concurrency'),
    maxResponseBytes: config.number('http.maxResponseBytes'),
  };
  // One deadline for the whole run: prices, chains and reward sources start together and end by it.
  const deadlineMs = commandDeadlineMs(policy.timeoutMs, policy.retries);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  // Every endpoint URL the user configured: their credentials are masked in anything printed or stored.
  const endpoints = CONFIG_KEYS.map((k) => config.get(k.key)).filter((v): v is string => typeof v === 'string' && /^https?:\/\//i.test(v));
  const redact = (text: string) => redactText(text, endpoints);
  try {
    const runFailures: FailureInput[] = [];
    let sourceFailures: SourceFailure[] = [];
    const coingeckoIds = new Set<string>();
    for (const p of plugins) for (const t of p.definition.manifest.tokens) if (t.coingeckoId) coingeckoIds.add(t.coingeckoId);

    const prices = getUsdPrices(db, [...coingeckoIds], {
      baseUrl: config.get('prices.url'),
      ttlMs: config.number('prices.ttlSeconds') * 1000,
      offline: options.offline,
      env: ctx.env,
      policy: readPolicy(policy),
      signal: deadline.signal,
    });
    // Awaited after the reads; this only keeps an early failure from counting as unhandled meanwhile.
    prices.catch(() => {});

    if (!options.offline) {
      const { planRequests } = await import('./earnings-requests.js');
      const plan = planRequests(wallets, plugins);
      for (const w of plan.unmatched) ctx.output.warn(`${w.address} (${w.chain}) fits none of the selected networks' chains; nothing to read`);
      for (const { wallet, reason } of plan.invalid)
        ctx.output.warn(`${wallet.address} in the wallet book is not valid any more (${reason}); remove it with \`depin wallet remove\``);
      const chainEndpoints = {} as Record<ChainId, string>;
      for (const chain of new Set(plan.requests.map((r) => r.chain))) chainEndpoints[chain] = config.get(`rpc.${chain}`)!;
      const { readRewardSources } = await import('./earnings-rewards.js');
      const [results, rewards] = await Promise.all([
        readChains(ctx, plan.requests, chainEndpoints, {
          ...policy,
          chainTimeoutMs: deadlineMs,
          solanaMode: config.get('solana.scan') as 'ata' | 'scan',
          derivationCache: db.derivationCache(),
          akashApi: config.get('akash.api') as 'lcd' | 'rpc',
        }),
        readRewardSources(ctx, plugins, wallets, policy, { signal: deadline.signal, ms: deadlineMs }),
      ]);
      const snapshots: SnapshotRow[] = [];
      const failures: ReadFailureRow[] = [];
      for (const r of results) {
        const req = r.request as (typeof plan.requests)[number];
        const token = req.token.native ? 'native' : req.token.mint!;
        if (r.status === 'ok') {
          snapshots.push({
            takenAt: now,
            wallet: req.address,
            chain: req.chain,
            network: req.network,
            symbol: req.token.symbol,
            token,
            decimals: req.token.decimals,
            raw: r.raw,
            coingeckoId: req.token.coingeckoId,
          });
          const pending = r.extra?.pendingRewards;
          if (pending !== undefined && pending > 0n) {
            const { formatUnits } = await import('../core/amount.js');
            rewards.records.push({
              at: now,
              network: req.network,
              sourceId: `${req.chain}-distribution`,
              source: 'unclaimed staking rewards (Cosmos distribution module)',
              symbol: req.token.symbol,
              chain: req.chain,
              amount: formatUnits(pending, req.token.decimals),
              unit: 'token',
              kind: 'pending',
              wallet: req.address,
            });
          }
        } else {
          const row = { at: now, chain: req.chain, status: r.status, reason: redact(r.reason), network: req.network, wallet: req.address, token };
          failures.push(row);
          runFailures.push({ ...row, symbol: req.token.symbol, decimals: req.token.decimals });
        }
      }
      db.recordRun({ snapshots, failures, rewards: rewards.records });
      sourceFailures = rewards.failures.map((f) => ({ ...f, reason: redact(f.reason) }));
    }

    const lookup = await prices;
    if (lookup.reason) lookup.reason = redact(lookup.reason);
    if (lookup.status === 'failed') ctx.output.warn(`prices: ${lookup.reason}`);
    const networks = new Set(plugins.map((p) => p.id));
    const snapshots = db.snapshotsSince(since).filter((s) => networks.has(s.network));

    if (view.kind === 'export') {
      const { printRotki } = await import('./earnings-views.js');
      await printRotki(snapshots, plugins, { since, now });
    }
    if (view.kind === 'export' || options.csv) {
      if (options.csv) {
        const { buildLedger, toCsv } = await import('../core/ledger.js');
        const rows = buildLedger(snapshots, db.priceHistory([...coingeckoIds], since - 86_400_000), { since, now });
        process.stdout.write(toCsv(rows));
      }
      // The ledger has no column for what could not be read: say it where a script sees it.
      for (const f of runFailures) ctx.output.err(`unread: ${f.chain} ${f.wallet ?? ''} ${f.symbol ?? ''}: ${f.status}: ${f.reason}`.replace(/ +/g, ' '));
      for (const f of sourceFailures) ctx.output.err(`unread: ${f.network} (${f.source}): ${f.status}: ${f.reason}`);
    } else {
      const report = computeEarnings({
        since,
        // Reward sources stamp their readings as they answer, after the run began.
        now: Date.now(),
        snapshots,
        rewards: db.rewardsSince(since).filter((r) => networks.has(r.network)),
        failures: runFailures,
        prices: lookup.prices,
      });
      if (view.kind === 'chart') await (await import('./earnings-views.js')).printChart(ctx, db, snapshots, [...coingeckoIds], { since, now });
      if (options.json) ctx.output.printJson(earningsJson(report, { offline: Boolean(options.offline), prices: lookup, sourceFailures }));
      else if (view.kind === 'chart') ctx.output.out(summaryLine(report, { offline: Boolean(options.offline), pricesStatus: lookup.status }));
      else await renderEarnings(ctx, report, { offline: Boolean(options.offline), sourceFailures, pricesStatus: lookup.status });
      if (snapshots.length === 0 && options.offline) ctx.output.err('The local history is empty: run `depin earnings` once without --offline.');
    }
    const partial = runFailures.length > 0 || sourceFailures.length > 0;
    return partial ? EXIT.partial : EXIT.ok;
  } finally {
    clearTimeout(timer);
    db.close();
  }
}
