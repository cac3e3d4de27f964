/**
 * The watchdog ladder for one network, as a pure state machine: each health check is an observation,
 * and the answer is the next state plus what to do (record a transition, restart, give up, alert).
 * Side effects happen in src/services/watchdog.ts.
 */
export type HealthState = 'running' | 'stopped' | 'degraded' | 'not-installed' | 'unreachable';

export interface WatchdogPolicy {
  /** Consecutive failed checks before a restart (and again before each further one). */
  failuresBeforeRestart: number;
  /** Restarts in one incident before the watchdog gives up and alerts. 0: never restart, alert. */
  maxRestarts: number;
  /** Wait after the first restart before another; doubles with each restart up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Consecutive healthy checks that close an incident (so a flapping node is one incident). */
  recoveryChecks: number;
}

export interface WatchState {
  /** The last observed state; undefined before the first check. */
  state?: HealthState;
  failures: number;
  healthyStreak: number;
  /** Restarts in the open incident. */
  restarts: number;
  /** No restart before this time (epoch ms). */
  nextRestartAt: number;
  gaveUp: boolean;
  /** A "down" alert went out for the open incident; a "recovered" one follows when it closes. */
  alerted: boolean;
}

export interface Observation {
  at: number;
  state: HealthState;
  /** The person stopped it with `depin stop`: never restarted, never alerted. */
  stoppedByUser: boolean;
  /** Whether depin runs something for this network that it could restart. */
  canRestart: boolean;
}

export type WatchAction =
  | { kind: 'transition'; from?: HealthState; to: HealthState }
  | { kind: 'restart'; attempt: number; nextNotBefore: number }
  | { kind: 'give-up'; restarts: number; reason: 'max-restarts' | 'cannot-restart' }
  | { kind: 'alert'; alert: 'down' | 'recovered' };

export const INITIAL_WATCH: WatchState = { failures: 0, healthyStreak: 0, restarts: 0, nextRestartAt: 0, gaveUp: false, alerted: false };

export function backoffMs(restartsDone: number, policy: WatchdogPolicy): number {
  if (restartsDone <= 0) return 0;
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.min(30, restartsDone - 1));
}

export function isFailing(state: HealthState): boolean {
  return state !== 'running';
}

export function observe(prev: WatchState, obs: Observation, policy: WatchdogPolicy): { next: WatchState; actions: WatchAction[] } {
  const actions: WatchAction[] = [];
  if (prev.state !== obs.state) actions.push({ kind: 'transition', from: prev.state, to: obs.state });

  if (obs.stoppedByUser) {
    // The person's stop ends any incident quietly: they know it is down.
    return { next: { ...INITIAL_WATCH, state: obs.state }, actions };
  }

  if (!isFailing(obs.state)) {
    const healthyStreak = prev.healthyStreak + 1;
    const next: WatchState = { ...prev, state: obs.state, failures: 0, healthyStreak };
    const incidentOpen = prev.restarts > 0 || prev.gaveUp || prev.alerted;
    if (incidentOpen && healthyStreak >= policy.recoveryChecks) {
      if (prev.alerted) actions.push({ kind: 'alert', alert: 'recovered' });
      return { next: { ...INITIAL_WATCH, state: obs.state, healthyStreak }, actions };
    }
    return { next, actions };
  }

  const failures = prev.failures + 1;
  const next: WatchState = { ...prev, state: obs.state, failures, healthyStreak: 0 };
  if (prev.gaveUp || failures < policy.failuresBeforeRestart) return { next, actions };

  if (!obs.canRestart || prev.restarts >= policy.maxRestarts) {
    actions.push({ kind: 'give-up', restarts: prev.restarts, reason: obs.canRestart ? 'max-restarts' : 'cannot-restart' });
    if (!prev.alerted) actions.push({ kind: 'alert', alert: 'down' });
    return { next: { ...next, gaveUp: true, alerted: true }, actions };
  }
  if (obs.at < prev.nextRestartAt) return { next, actions };

  const restarts = prev.restarts + 1;
  const nextNotBefore = obs.at + backoffMs(restarts, policy);
  actions.push({ kind: 'restart', attempt: restarts, nextNotBefore });
  return { next: { ...next, failures: 0, restarts, nextRestartAt: nextNotBefore }, actions };
}
