import type { HealthContext, HealthReport } from '../../src/plugin-api/index.js';
import { CONTAINER, layout } from './join.js';

interface SnoSatellite {
  id?: string;
  url?: string;
  disqualified?: string | null;
  suspended?: string | null;
}

interface SnoDashboard {
  nodeID?: string;
  version?: string;
  allowedVersion?: string;
  upToDate?: boolean;
  startedAt?: string;
  quicStatus?: string;
  satellites?: SnoSatellite[];
}

function uptime(startedAt: string | undefined): number | undefined {
  const t = startedAt ? Date.parse(startedAt) : NaN;
  return Number.isFinite(t) && t > 0 ? Math.max(0, Math.round((Date.now() - t) / 1000)) : undefined;
}

/** From the container's state and the node's own dashboard API (`/api/sno/` on the local port). */
export async function health(ctx: HealthContext): Promise<HealthReport> {
  const container = await ctx.runtimes.docker.container(CONTAINER);
  if (!container) return { state: 'not-installed', details: [`container ${CONTAINER} does not exist; run \`depin join storj\``] };
  if (!container.running) return { state: 'stopped', details: [`container ${CONTAINER} is ${container.status}`] };
  const { dashboardPort } = layout(ctx, ctx.joined.answers);
  const url = `http://127.0.0.1:${dashboardPort}/api/sno/`;
  const answer = await ctx.getJson(url, { timeoutMs: 5000 });
  const restarts = container.restartCount > 0 ? [`${container.restartCount} restarts`] : [];
  if (answer.status !== 'ok') {
    return {
      state: 'degraded',
      details: [`container running, but its dashboard API does not answer: ${answer.reason}`, ...restarts],
      uptimeSeconds: uptime(container.startedAt),
    };
  }
  const sno = answer.value as SnoDashboard;
  const details: string[] = [];
  const satellites = sno.satellites ?? [];
  const disqualified = satellites.filter((s) => s.disqualified);
  const suspended = satellites.filter((s) => s.suspended);
  if (disqualified.length > 0) details.push(`disqualified on ${disqualified.map((s) => s.url ?? s.id).join(', ')}`);
  if (suspended.length > 0) details.push(`suspended on ${suspended.map((s) => s.url ?? s.id).join(', ')}`);
  if (sno.quicStatus && sno.quicStatus !== 'OK') details.push(`QUIC ${sno.quicStatus}: forward port ${ctx.joined.answers.port || 28967}/udp`);
  if (sno.upToDate === false) details.push(`version ${sno.version ?? '?'} is out of date (allowed ${sno.allowedVersion ?? '?'})`);
  const healthy = details.length === 0;
  details.unshift(`${satellites.length} satellite${satellites.length === 1 ? '' : 's'}${healthy ? ', none disqualified or suspended' : ''}`);
  return {
    state: healthy ? 'running' : 'degraded',
    details: [...details, ...restarts],
    version: sno.version,
    uptimeSeconds: uptime(sno.startedAt) ?? uptime(container.startedAt),
    nodeId: sno.nodeID,
  };
}
