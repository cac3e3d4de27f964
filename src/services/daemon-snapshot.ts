import { snapshotEvent, snapshotMissEvent } from '../core/snapshot-event.js';
import type { OpsEvent } from '../core/watchdog-event.js';
import { valueCurrency } from './value-currency.js';
import { configRedactor } from './earnings-snapshot.js';
import type { HistoryMetrics } from './history-metrics.js';
import type { SnapshotEnv } from './plugin-host.js';

/**
 * One scheduled snapshot of the daemon: every tracked wallet on every network, recorded in one
 * transaction, then the history series of /metrics read again. Returns the event to record; a chain
 * that is down makes it `partial`, never a throw.
 */
export async function daemonSnapshot(env: SnapshotEnv, signal: AbortSignal, metrics: HistoryMetrics): Promise<OpsEvent> {
  const started = Date.now();
  const [{ loadPlugins }, { listWallets }, { openHistory }, { takeEarningsSnapshot }] = await Promise.all([
    import('../plugins-host/index.js'),
    import('../wallet/book.js'),
    import('../store/history-db.js'),
    import('./earnings-snapshot.js'),
  ]);
  const redact = configRedactor(env.config);
  try {
    const registry = await loadPlugins({ pluginsDir: env.paths.pluginsDir, thirdParty: true });
    const wallets = listWallets(env.paths);
    const db = await openHistory(env.paths.dbFile);
    try {
      if (wallets.length === 0) {
        // The series still show what `depin earnings` recorded before.
        metrics.refresh(
          db,
          Date.now(),
          valueCurrency((key) => env.config.get(key)),
        );
        return snapshotMissEvent('skipped', 'no wallets are tracked (add one with `depin wallet add <address>`)', Date.now(), Date.now() - started);
      }
      const currency = valueCurrency((key) => env.config.get(key));
      const result = await takeEarningsSnapshot(env, { plugins: registry.plugins, wallets, db, now: started, signal, currency });
      metrics.sourceFailed(result.sourceFailures);
      metrics.refresh(
        db,
        Date.now(),
        valueCurrency((key) => env.config.get(key)),
      );
      return snapshotEvent(result, Date.now(), Date.now() - started);
    } finally {
      db.close();
    }
  } catch (error) {
    // The event log and the daemon's log never carry an endpoint's credentials.
    throw new Error(redact((error as Error).message), { cause: error });
  }
}
