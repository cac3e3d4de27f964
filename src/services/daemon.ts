import { join } from 'node:path';
import type { Alert } from '../core/alert-policy.js';
import type { WatchdogPolicy } from '../core/watchdog.js';
import { needsAttention } from '../core/status-text.js';
import { DepinError } from '../domain/errors.js';
import type { EventLog } from '../store/events-db.js';
import { describeOwner, lockPathFor, releaseLock, tryLock } from '../store/lock-file.js';
import { AlertDispatcher, type AlertSettings } from './alerts.js';
import { closeServer, daemonServer, listen } from './daemon-http.js';
import { DaemonMetrics } from './metrics.js';
import { EarningsSchedule } from './earnings-schedule.js';
import type { HistoryMetrics } from './history-metrics.js';
import type { OpsEvent } from '../core/watchdog-event.js';
import type { PowerSampleResult } from './power-sampling.js';
import { statusGpus } from './status-gpus.js';
import { Watchdog, type SweepResult } from './watchdog.js';
import type { HealthState } from '../core/watchdog.js';

export interface DaemonSettings {
  policy: WatchdogPolicy;
  alerts: AlertSettings;
  healthTimeoutMs: number;
  /** Between earnings snapshots; 0: none. */
  earningsIntervalMs: number;
  /** Longest one earnings snapshot may take. */
  earningsDeadlineMs: number;
}

export interface DaemonDeps {
  host: string;
  events: EventLog;
  intervalMs: number;
  listen?: { host: string; port: number };
  /** Bearer token for the HTTP endpoints (required off loopback, checked by the caller). */
  token?: string;
  /** Read at start and again on every reload (SIGHUP). */
  loadSettings(): Promise<DaemonSettings>;
  sweep(healthTimeoutMs: number, signal: AbortSignal): Promise<SweepResult>;
  restart(network: string): Promise<'restarted' | 'stopped-by-user'>;
  /** Samples the GPUs and stores the sample; runs beside each health cycle. Never throws. */
  sampleGpus?(): Promise<PowerSampleResult>;
  stoppedByUser(network: string): boolean;
  /** Takes one earnings snapshot and returns its event; aborting `signal` leaves nothing half-written. */
  snapshot?(signal: AbortSignal, metrics: HistoryMetrics): Promise<OpsEvent>;
  log(line: string): void;
  /** Aborted to stop the daemon (SIGTERM, SIGINT). */
  stop: AbortSignal;
  /** Each event fired asks for a config reload (SIGHUP). */
  reload: EventTarget;
  /** Called once the endpoints listen, with the bound port. */
  onListening?(port: number): void;
}

/** One daemon per data folder: a lock file beside the data, naming the pid that holds it. */
export function acquireDaemonLock(dataDir: string): () => void {
  const lockPath = lockPathFor(join(dataDir, 'daemon'));
  const attempt = tryLock(lockPath, 'the daemon of this data folder');
  if (!attempt.ok) {
    const who = attempt.owner ? `pid ${attempt.owner.pid}` : 'another process';
    throw new DepinError('DAEMON_RUNNING', `a depin daemon already runs for ${dataDir}: ${describeOwner(attempt.owner)} holds ${lockPath}`, {
      suggestion: `Stop it first (\`kill ${attempt.owner?.pid ?? '<pid>'}\` or \`depin service uninstall\`), or give this one its own DEPIN_HOME. Held by ${who}.`,
    });
  }
  return () => releaseLock(lockPath, attempt.token);
}

/** Resolves with the promise's value, or undefined as soon as `signal` aborts (the work is abandoned). */
function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Runs health cycles every interval until `stop` aborts, then finishes within a few seconds: the
 * cycle in flight is cancelled, alerts in flight get a short grace, every event is written, the
 * endpoints close. Events are written synchronously as they happen, so a kill loses nothing written.
 */
export async function runDaemon(deps: DaemonDeps): Promise<void> {
  let settings = await deps.loadSettings();
  const metrics = new DaemonMetrics();
  const record = (events: Parameters<EventLog['append']>[0]) => {
    if (events.length === 0) return;
    deps.events.append(events);
    for (const e of events) {
      if (e.kind === 'alert-sent' || e.kind === 'alert-failed')
        metrics.alert(String(e.data?.channel ?? 'unknown'), e.kind === 'alert-sent' ? 'sent' : 'failed');
      if (e.kind === 'alert-dropped') metrics.alert('all', 'dropped');
      if (e.kind === 'earnings-snapshot') metrics.history.snapshot(String(e.data?.outcome ?? 'unknown'));
      deps.log(`${e.network ? `${e.network}: ` : ''}${e.kind}: ${e.detail}`);
    }
  };
  const alerts = new AlertDispatcher(settings.alerts, record);
  const watchdog = new Watchdog({
    host: deps.host,
    policy: () => settings.policy,
    restart: deps.restart,
    stoppedByUser: deps.stoppedByUser,
    record,
    alert: (a: Alert) => alerts.send(a),
    metrics,
    lastKnownState: (network) => deps.events.latest(network, 'health')?.data?.to as HealthState | undefined,
  });

  let lastStatus: unknown | undefined;
  let lastCycleEnd = 0;
  let gpuProblem: string | undefined;
  const started = Date.now();
  const server = deps.listen
    ? daemonServer(
        {
          metrics: () => metrics.render(),
          status: () => lastStatus,
          unhealthy: () => {
            const limit = 3 * deps.intervalMs + settings.healthTimeoutMs;
            const since = Date.now() - (lastCycleEnd || started);
            return since > limit ? `no health cycle has finished for ${Math.round(since / 1000)} s` : undefined;
          },
        },
        deps.token,
      )
    : undefined;
  if (server && deps.listen) {
    try {
      const bound = await listen(server, deps.listen.host, deps.listen.port);
      deps.onListening?.(bound.port);
      deps.log(
        `listening on http://${deps.listen.host.includes(':') ? `[${deps.listen.host}]` : deps.listen.host}:${bound.port} (/metrics, /status, /healthz)`,
      );
    } catch (error) {
      throw new DepinError('DAEMON_LISTEN', `cannot listen on ${deps.listen.host}:${deps.listen.port}: ${(error as Error).message}`, {
        suggestion: 'Pick a free port with --listen 127.0.0.1:<port>, or stop what holds this one.',
        cause: error,
      });
    }
  }

  let reloadWanted = false;
  const onReload = () => {
    reloadWanted = true;
  };
  deps.reload.addEventListener('reload', onReload);
  record([{ at: Date.now(), kind: 'daemon-started', detail: `daemon started (pid ${process.pid}, every ${Math.round(deps.intervalMs / 1000)} s)` }]);
  const takeSnapshot = deps.snapshot;
  const snapshots = takeSnapshot
    ? new EarningsSchedule({
        intervalMs: () => settings.earningsIntervalMs,
        deadlineMs: () => settings.earningsDeadlineMs,
        take: (signal) => takeSnapshot(signal, metrics.history),
        record: (event) => record([event]),
        log: deps.log,
      })
    : undefined;
  snapshots?.start();

  try {
    while (!deps.stop.aborted) {
      if (reloadWanted) {
        reloadWanted = false;
        try {
          settings = await deps.loadSettings();
          alerts.reload(settings.alerts);
          snapshots?.reschedule();
          deps.log('settings reloaded');
        } catch (error) {
          deps.log(`settings not reloaded, keeping the previous ones: ${(error as Error).message}`);
        }
      }
      const cycleStart = Date.now();
      const cycle = new AbortController();
      const onStop = () => cycle.abort();
      deps.stop.addEventListener('abort', onStop, { once: true });
      const gpus = deps.sampleGpus?.();
      try {
        const result = await untilStopped(deps.sweep(settings.healthTimeoutMs, cycle.signal), deps.stop);
        if (!result || deps.stop.aborted) break;
        // A restart can take long (a graceful stop): on SIGTERM the daemon leaves it to the runtime.
        await untilStopped(watchdog.apply(result, Date.now()), deps.stop);
        if (deps.stop.aborted) break;
        const sample = gpus && (await untilStopped(gpus, deps.stop));
        if (sample) {
          metrics.gpus.observe(sample.reading);
          // Said once when it starts and once when it ends, not on every cycle.
          if (sample.problem !== gpuProblem) deps.log(sample.problem ? `GPU sample: ${sample.problem}` : 'GPU sampling works again');
          gpuProblem = sample.problem;
        }
        lastStatus = { nodes: result.nodes.map((n) => ({ ...n, needsAttention: needsAttention(n) })), gpus: statusGpus(sample?.reading) };
        lastCycleEnd = Date.now();
        metrics.cycleDone(lastCycleEnd);
      } catch (error) {
        if (deps.stop.aborted) break;
        deps.log(`health cycle failed: ${(error as Error).message}`);
      } finally {
        deps.stop.removeEventListener('abort', onStop);
      }
      await sleep(Math.max(0, deps.intervalMs - (Date.now() - cycleStart)), deps.stop);
    }
  } finally {
    deps.reload.removeEventListener('reload', onReload);
    await Promise.all([alerts.flush(2000), snapshots?.stop(2000)]);
    record([{ at: Date.now(), kind: 'daemon-stopped', detail: 'daemon stopped' }]);
    if (server) await closeServer(server);
  }
}
