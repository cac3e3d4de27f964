import type { Availability, DeployRuntimes } from '../../plugin-api/deploy.js';
import * as helm from '../../system/helm.js';
import * as kubectl from '../../system/kubectl.js';

const KUBECTL_FIX = 'install kubectl (https://kubernetes.io/docs/tasks/tools/) and point it at the provider cluster';
const HELM_FIX = 'install Helm 3 or 4 (https://helm.sh/docs/intro/install/)';

export const kubernetesRuntime: DeployRuntimes['kubernetes'] = {
  async kubectl(): Promise<Availability> {
    const ctx = await kubectl.kubeContext({ timeoutMs: 15_000 });
    if (!ctx.ok) return { ok: false, reason: ctx.error.message, fix: KUBECTL_FIX };
    return { ok: true, version: ctx.value.clientVersion ?? 'kubectl' };
  },
  async helm(): Promise<Availability> {
    const v = await helm.helmVersion({ timeoutMs: 15_000 });
    return v.ok ? { ok: true, version: v.value.version } : { ok: false, reason: v.error.message, fix: HELM_FIX };
  },
  async context() {
    const ctx = await kubectl.kubeContext({ timeoutMs: 15_000 });
    if (!ctx.ok) return { ok: false, reason: ctx.error.message, fix: KUBECTL_FIX };
    if (ctx.value.context === null)
      return { ok: false, reason: 'kubectl has no current context', fix: 'select the provider cluster: `kubectl config use-context <name>`' };
    if (!ctx.value.reachable) {
      return {
        ok: false,
        reason: `the API server of context ${ctx.value.context} does not answer: ${ctx.value.reason ?? 'no reason given'}`,
        fix: 'start the cluster or fix the kubeconfig',
      };
    }
    return { ok: true, name: `${ctx.value.context} (server ${ctx.value.serverVersion ?? '?'})` };
  },
  async pods(namespace, selector) {
    const pods = await kubectl.getPods(namespace, selector, { timeoutMs: 15_000 });
    if (!pods.ok) return { status: 'unreachable', reason: pods.error.message };
    return {
      status: 'ok',
      value: pods.value.map((p) => ({ name: p.name, phase: p.phase, ready: p.ready, restarts: p.restarts, startedAt: p.startedAt?.toISOString() })),
    };
  },
  async release(release, namespace) {
    const r = await helm.releaseStatus(release, namespace, { timeoutMs: 15_000 });
    if (!r.ok || !r.value.installed) return undefined;
    return { status: r.value.status, chartVersion: r.value.chart ?? undefined, appVersion: r.value.appVersion ?? undefined };
  },
};
