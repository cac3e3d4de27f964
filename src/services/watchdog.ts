import { alertFor, type Alert } from '../core/alert-policy.js';
import { INITIAL_WATCH, observe, type HealthState, type WatchdogPolicy, type WatchState } from '../core/watchdog.js';
import type { OpsEvent } from '../core/watchdog-event.js';
import type { NodeHealth } from './health-sweep.js';
import type { DaemonMetrics } from './metrics.js';

export interface SweepResult {
  nodes: NodeHealth[];
  /** Networks for which depin runs a container or unit it can restart. */
  restartable: Set<string>;
}

export interface WatchdogDeps {
  host: string;
  policy(): WatchdogPolicy;
  /** Restarts the node through its recorded runtime (unless the person stopped it meanwhile); throws with the reason on failure. */
  restart(network: string): Promise<'restarted' | 'stopped-by-user'>;
  /** Read again just before a restart: a `depin stop` may have happened since the check. */
  stoppedByUser(network: string): boolean;
  record(events: OpsEvent[]): void;
  alert(alert: Alert): void;
  metrics: DaemonMetrics;
  /** The last state the event log holds, so a restarted daemon does not log the same state again. */
  lastKnownState?(network: string): HealthState | undefined;
}

function detailOf(node: NodeHealth): string {
  return node.details[0] ?? node.state;
}

/** Applies the watchdog ladder to each health check and performs what it decides. */
export class Watchdog {
  private readonly watch = new Map<string, WatchState>();

  constructor(private readonly deps: WatchdogDeps) {}

  stateOf(network: string): WatchState | undefined {
    return this.watch.get(network);
  }

  private previous(network: string): WatchState {
    const known = this.watch.get(network);
    if (known) return known;
    const state = this.deps.lastKnownState?.(network);
    return { ...INITIAL_WATCH, ...(state ? { state } : {}) };
  }

  async apply(result: SweepResult, at = Date.now()): Promise<void> {
    const { deps } = this;
    const policy = deps.policy();
    for (const gone of [...this.watch.keys()].filter((n) => !result.nodes.some((node) => node.network === n))) this.watch.delete(gone);
    deps.metrics.retain(result.nodes.map((n) => n.network));
    const restarts: Promise<void>[] = [];
    for (const node of result.nodes) {
      deps.metrics.observe(node, at);
      const prev = this.previous(node.network);
      const { next, actions } = observe(
        prev,
        { at, state: node.state, stoppedByUser: node.stoppedByUser, canRestart: result.restartable.has(node.network) },
        policy,
      );
      this.watch.set(node.network, next);
      const events: OpsEvent[] = [];
      for (const action of actions) {
        if (action.kind === 'transition') {
          const byUser = node.stoppedByUser ? ' (stopped with depin stop)' : '';
          events.push({
            at,
            network: node.network,
            kind: 'health',
            detail: `${action.from ?? 'unknown'} → ${action.to}${byUser}: ${detailOf(node)}`,
            data: { from: action.from ?? 'unknown', to: action.to },
          });
        } else if (action.kind === 'give-up') {
          deps.metrics.action(node.network, 'give-up');
          events.push({
            at,
            network: node.network,
            kind: 'watchdog-gave-up',
            detail:
              action.reason === 'cannot-restart'
                ? `${node.state} and depin runs nothing here it can restart`
                : `still ${node.state} after ${action.restarts} restart${action.restarts === 1 ? '' : 's'}; not restarting again until it recovers`,
            data: { restarts: action.restarts },
          });
        } else if (action.kind === 'alert') {
          deps.alert(
            alertFor(action.alert, at, deps.host, {
              network: node.network,
              name: node.name,
              state: node.state,
              detail: detailOf(node),
              restarts: next.restarts,
              reason: result.restartable.has(node.network) ? 'max-restarts' : 'cannot-restart',
            }),
          );
        } else if (action.kind === 'restart') {
          restarts.push(this.restart(node, action.attempt, action.nextNotBefore));
        }
      }
      deps.record(events);
    }
    await Promise.all(restarts);
  }

  private async restart(node: NodeHealth, attempt: number, nextNotBefore: number): Promise<void> {
    const { deps } = this;
    const at = Date.now();
    if (deps.stoppedByUser(node.network)) {
      deps.record([{ at, network: node.network, kind: 'health', detail: 'stopped with depin stop before the restart: left alone', data: { to: 'stopped' } }]);
      return;
    }
    const wait = Math.round((nextNotBefore - at) / 1000);
    try {
      if ((await deps.restart(node.network)) === 'stopped-by-user') {
        deps.record([
          { at: Date.now(), network: node.network, kind: 'health', detail: 'stopped with depin stop before the restart: left alone', data: { to: 'stopped' } },
        ]);
        return;
      }
      deps.metrics.action(node.network, 'restart');
      deps.record([
        {
          at: Date.now(),
          network: node.network,
          kind: 'restart',
          detail: `restarted after the node was ${node.state} (attempt ${attempt}; next one not before ${wait} s)`,
          data: { attempt, from: node.state },
        },
      ]);
    } catch (error) {
      deps.metrics.action(node.network, 'restart-failed');
      deps.record([
        {
          at: Date.now(),
          network: node.network,
          kind: 'restart-failed',
          detail: `restart attempt ${attempt} failed: ${(error as Error).message}`,
          data: { attempt },
        },
      ]);
    }
  }
}
