import { hostname } from 'node:os';
import type { CommandContext } from '../cli/context.js';
import { DepinError } from '../cli/errors.js';
import type { Resource } from '../plugin-api/resources.js';

interface DaemonOptions {
  listen: string;
  interval: string;
  metrics?: boolean;
}

const RESTARTABLE = new Set<Resource['kind']>(['container', 'systemd-unit']);

export async function run(ctx: CommandContext, _args: string[], options: DaemonOptions): Promise<number> {
  const [
    duration,
    { readJoined },
    { loadPlugins },
    { healthSweep },
    { watchdogRestart },
    adapters,
    { deployEnv },
    { deployHost },
    daemon,
    { openEventLog },
    { Config },
    settingsMod,
    { openPowerSamples },
    { sampleAndStore },
  ] = await Promise.all([
    import('../core/watchdog-duration.js'),
    import('../store/joined-record.js'),
    import('../plugins-host/index.js'),
    import('../services/health-sweep.js'),
    import('../services/watchdog-restart.js'),
    import('../deploy/adapters/index.js'),
    import('../services/join-context.js'),
    import('./deploy-host.js'),
    import('../services/daemon.js'),
    import('../store/events-db.js'),
    import('../store/config.js'),
    import('./daemon-settings.js'),
    import('../store/power-samples-db.js'),
    import('../services/power-sampling.js'),
  ]);
  const intervalMs = duration.parseInterval('--interval', options.interval);
  const listen = options.metrics === false ? undefined : duration.parseListen(options.listen);
  const dataDir = ctx.paths.data;
  const stop = new AbortController();
  const host = await deployHost(ctx, stop.signal, (line) => ctx.output.err(line));
  const token = listen ? await settingsMod.optionalSecret(host.secrets, settingsMod.DAEMON_TOKEN_SECRET) : undefined;
  if (listen && !duration.isLoopback(listen.host) && !token) {
    throw new DepinError('DAEMON_TOKEN_MISSING', `--listen ${options.listen} is reachable from other machines, and no token is set for the endpoints`, {
      kind: 'not-configured',
      suggestion: 'Store a token with `depin secret set daemon.token` (Prometheus sends it as a bearer token), or listen on 127.0.0.1 (the default).',
    });
  }

  const release = daemon.acquireDaemonLock(dataDir);
  const events = await openEventLog(ctx.paths.dbFile).catch((error: unknown) => {
    release();
    throw error;
  });
  const power = await openPowerSamples(ctx.paths.dbFile).catch((error: unknown) => {
    events.close();
    release();
    throw error;
  });
  const reload = new EventTarget();
  const onTerm = () => stop.abort();
  const onHup = () => reload.dispatchEvent(new Event('reload'));
  // The CLI's own SIGINT handler exits at once; the daemon finishes its shutdown instead.
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onTerm);
  process.on('SIGHUP', onHup);
  try {
    await daemon.runDaemon({
      host: hostname(),
      events,
      intervalMs,
      listen,
      token,
      stop: stop.signal,
      reload,
      log: (line) => ctx.output.err(`${new Date().toISOString()} ${line}`),
      loadSettings: () => settingsMod.daemonSettings(Config.load(ctx.paths.configFile, ctx.env), host.secrets),
      async sweep(timeoutMs) {
        const joined = readJoined(dataDir).networks;
        const ids = Object.keys(joined);
        const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true, only: ids });
        const { withEarnings } = await import('../services/status-earnings.js');
        // The same document as `depin status --json`: each node with its wallets and last 24 h earned.
        const nodes = await withEarnings(await healthSweep(joined, registry.plugins, host, timeoutMs), joined, ctx.paths, host.config);
        const restartable = new Set(ids.filter((id) => joined[id].resources.some((r) => RESTARTABLE.has(r.kind))));
        return { nodes, restartable };
      },
      async restart(network) {
        return watchdogRestart(dataDir, network, adapters.deployAdapters(), deployEnv(network, host));
      },
      sampleGpus: () => sampleAndStore(power, { env: ctx.env }),
      stoppedByUser: (network) => readJoined(dataDir).networks[network]?.stoppedByUser ?? false,
      async snapshot(signal, metrics) {
        const { daemonSnapshot } = await import('../services/daemon-snapshot.js');
        const log = (line: string) => ctx.output.err(`${new Date().toISOString()} ${line}`);
        // The config as it is now: a reload between snapshots applies to the next one.
        const config = Config.load(ctx.paths.configFile, ctx.env);
        return daemonSnapshot(
          { env: ctx.env, paths: ctx.paths, config, output: { json: false, err: log, warn: (l) => log(`warning: ${l}`) } },
          signal,
          metrics,
        );
      },
    });
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onTerm);
    process.off('SIGHUP', onHup);
    power.close();
    events.close();
    release();
  }
  return 0;
}
