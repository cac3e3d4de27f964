import type { DeployRuntimes, HealthReport } from '../plugin-api/deploy.js';
import type { Resource } from '../plugin-api/resources.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { JoinedNetwork } from '../store/joined-record.js';
import { healthContext, type DeployHost } from './join-context.js';
import { withPluginDeadline } from './plugin-deadline.js';

export interface NodeHealth extends HealthReport {
  network: string;
  name: string;
  joinedAt: string;
  /** False when the last join stopped half way. */
  complete: boolean;
  stoppedByUser: boolean;
  /** How long the check took, in ms. */
  tookMs: number;
}

export const HEALTH_TIMEOUT_MS = 10_000;

function uptimeFrom(startedAt: string | undefined, now: number): number | undefined {
  const t = startedAt ? Date.parse(startedAt) : NaN;
  return Number.isFinite(t) && t > 0 ? Math.max(0, Math.round((now - t) / 1000)) : undefined;
}

/** The state of the recorded runtimes, for a plugin that reads no network signal of its own. */
export async function runtimeHealth(resources: Resource[], runtimes: DeployRuntimes, now = Date.now()): Promise<HealthReport> {
  const container = resources.find((r) => r.kind === 'container');
  if (container) {
    const state = await runtimes.docker.container(container.name);
    if (!state) return { state: 'not-installed', details: [`container ${container.name} does not exist`] };
    return {
      state: state.running ? 'running' : 'stopped',
      details: [`container ${container.name}: ${state.status}${state.restartCount ? `, ${state.restartCount} restarts` : ''}`],
      uptimeSeconds: state.running ? uptimeFrom(state.startedAt, now) : undefined,
    };
  }
  const unit = resources.find((r) => r.kind === 'systemd-unit');
  if (unit) {
    const state = await runtimes.systemd.unit(unit.name, unit.scope);
    if (!state) return { state: 'not-installed', details: [`${unit.scope} unit ${unit.name} is not installed`] };
    const running = state.activeState === 'active';
    return {
      state: running ? 'running' : state.activeState === 'failed' ? 'degraded' : 'stopped',
      details: [`${unit.name}: ${state.activeState} (${state.subState})`],
      uptimeSeconds: running ? uptimeFrom(state.startedAt, now) : undefined,
    };
  }
  return { state: 'unreachable', details: ['depin runs nothing for this network here and its plugin reads no health signal'] };
}

/**
 * Checks every joined network at once, each under its own deadline: one hung or throwing plugin
 * shows as unreachable and never delays the others.
 */
export async function healthSweep(
  joined: Record<string, JoinedNetwork>,
  plugins: LoadedPlugin[],
  host: DeployHost,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<NodeHealth[]> {
  const ids = Object.keys(joined).sort();
  return Promise.all(
    ids.map(async (id): Promise<NodeHealth> => {
      const entry = joined[id];
      const plugin = plugins.find((p) => p.id === id);
      const started = Date.now();
      const base = {
        network: id,
        name: plugin?.definition.manifest.name ?? id,
        joinedAt: entry.joinedAt,
        complete: entry.complete,
        stoppedByUser: entry.stoppedByUser,
      };
      if (!plugin) {
        return { ...base, state: 'unreachable', details: [`the ${id} plugin is not installed or is disabled`], tookMs: 0 };
      }
      const ctx = healthContext(id, host, { answers: entry.answers, resources: entry.resources, joinedAt: entry.joinedAt });
      const health = plugin.definition.health;
      const outcome = await withPluginDeadline(`${id} health`, timeoutMs, (signal) =>
        health ? health({ ...ctx, signal }) : runtimeHealth(entry.resources, ctx.runtimes),
      );
      const tookMs = Date.now() - started;
      if (outcome.status !== 'ok') return { ...base, state: 'unreachable', details: [outcome.reason], tookMs };
      const details = entry.complete ? outcome.value.details : [...outcome.value.details, 'the last join stopped half way: run `depin join` again to finish'];
      return { ...base, ...outcome.value, details, tookMs };
    }),
  );
}
