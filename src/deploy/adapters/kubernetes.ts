import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HelmReleaseResource, KubeObjectResource } from '../../plugin-api/resources.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import * as helm from '../../system/helm.js';
import * as kubectl from '../../system/kubectl.js';
import type { RuntimeFailure } from '../../system/runtime-types.js';
import { StepFailure, type DeployEnv, type Observation, type ResourceAdapter } from '../types.js';

function failed(step: string, error: RuntimeFailure): StepFailure {
  return new StepFailure(step, error.message, error.command?.join(' '), error.output);
}

/** Where a release's non-secret values file lives: beside depin's data, readable by the person only. */
export function valuesFile(env: Pick<DeployEnv, 'nodeDir'>, resource: HelmReleaseResource): string {
  return join(env.nodeDir, 'helm', `${resource.namespace}-${resource.release}.values.json`);
}

function setPath(root: Record<string, unknown>, path: string, value: string): void {
  const parts = path.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

/** The secret values as a JSON document for helm's stdin; never written to disk. */
async function secretValuesDocument(resource: HelmReleaseResource, env: DeployEnv): Promise<string | undefined> {
  const entries = Object.entries(resource.secretValues);
  if (entries.length === 0) return undefined;
  const doc: Record<string, unknown> = {};
  for (const [path, ref] of entries) {
    const name = typeof ref === 'string' ? ref : ref.secret;
    const value = await env.secret(name);
    if (value === undefined) throw new StepFailure(`secret ${name}`, `the secret ${name} is not in depin's secret store; run join again and answer it`);
    setPath(doc, path, typeof ref === 'string' ? value : Buffer.from(value, 'utf8').toString('base64'));
  }
  return JSON.stringify(doc);
}

function upgradeSpec(resource: HelmReleaseResource, valuesFile: string, valuesStdin: string | undefined): helm.UpgradeInstall {
  return {
    release: resource.release,
    chart: resource.chart,
    version: resource.version,
    namespace: resource.namespace,
    createNamespace: resource.createNamespace,
    valuesFile,
    valuesStdin,
    wait: false,
  };
}

export const helmReleaseAdapter: ResourceAdapter<HelmReleaseResource> = {
  async observe(resource): Promise<Observation> {
    const status = await helm.releaseStatus(resource.release, resource.namespace);
    if (!status.ok) throw failed(`read release ${resource.release}`, status.error);
    if (!status.value.installed) return { state: 'absent' };
    const differences: string[] = [];
    if (status.value.status !== 'deployed') differences.push(`status ${status.value.status}`);
    const chart = status.value.chart;
    if (chart && !chart.endsWith(`-${resource.version.replace(/^v/, '')}`)) differences.push(`chart ${chart} → ${resource.version}`);
    return differences.length > 0 ? { state: 'differs', differences } : { state: 'matches' };
  },
  display(resource, _observation, env) {
    const file = valuesFile(env, resource);
    const secret = Object.keys(resource.secretValues);
    // The same argv builders apply uses, so a dry run prints exactly what would run.
    const upgrade = helm.upgradeInstallArgs(upgradeSpec(resource, file, secret.length > 0 ? '' : undefined));
    return [
      ...(resource.repo ? [{ kind: 'command' as const, argv: ['helm', ...helm.repoAddArgs(resource.repo.name, resource.repo.url)] }] : []),
      ...(resource.repo ? [{ kind: 'command' as const, argv: ['helm', 'repo', 'update', resource.repo.name] }] : []),
      { kind: 'file' as const, path: file, contents: `${JSON.stringify(resource.values, null, 2)}\n`, mode: 0o600 },
      upgrade.ok
        ? {
            kind: 'command' as const,
            argv: ['helm', ...upgrade.value],
            note: secret.length ? `${secret.join(', ')} from the secret store on stdin` : undefined,
          }
        : { kind: 'note' as const, text: `helm would refuse this release: ${upgrade.error.message}` },
    ];
  },
  async apply(resource, _observation, env) {
    if (resource.repo) {
      const added = await helm.repoAdd(resource.repo.name, resource.repo.url);
      if (!added.ok) throw failed(`helm repo add ${resource.repo.name}`, added.error);
      const updated = await helm.repoUpdate([resource.repo.name]);
      if (!updated.ok) throw failed(`helm repo update ${resource.repo.name}`, updated.error);
    }
    const file = valuesFile(env, resource);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, `${JSON.stringify(resource.values, null, 2)}\n`, 0o600);
    const installed = await helm.upgradeInstall(upgradeSpec(resource, file, await secretValuesDocument(resource, env)));
    if (!installed.ok) throw failed(`install ${resource.release}`, installed.error);
  },
  async remove(resource) {
    const r = await helm.uninstall(resource.release, resource.namespace);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.removed ? `uninstalled Helm release ${resource.release}` : undefined;
  },
};

export const kubeObjectAdapter: ResourceAdapter<KubeObjectResource> = {
  async observe(resource): Promise<Observation> {
    const m = resource.manifest;
    const found = await kubectl.getObject(m.kind, m.metadata.name, m.metadata.namespace);
    if (!found.ok) throw failed(`read ${m.kind} ${m.metadata.name}`, found.error);
    // kubectl apply is itself a diff-and-apply; an existing object is brought to the manifest when it differs.
    return found.value === undefined ? { state: 'absent' } : { state: 'matches' };
  },
  display(resource) {
    return [
      {
        kind: 'command',
        argv: ['kubectl', 'apply', '-f', '-'],
        note: `${resource.manifest.kind} ${resource.manifest.metadata.name} on stdin: ${JSON.stringify(resource.manifest)}`,
      },
    ];
  },
  async apply(resource) {
    const r = await kubectl.applyManifest(JSON.stringify(resource.manifest));
    if (!r.ok) throw failed(`apply ${resource.manifest.kind} ${resource.manifest.metadata.name}`, r.error);
  },
  async remove(resource) {
    const m = resource.manifest;
    // A namespace holds whatever else lives in it; deleting one depin labelled could take the person's work with it.
    if (m.kind === 'Namespace') return `kept namespace ${m.metadata.name} (delete it yourself when it is empty)`;
    const r = await kubectl.deleteObject(m.kind, m.metadata.name, m.metadata.namespace);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.deleted ? `deleted ${m.kind} ${m.metadata.name}` : undefined;
  },
};
