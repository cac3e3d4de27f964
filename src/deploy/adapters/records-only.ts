import type { DeviceResource, ManualResource, SecretResource } from '../../plugin-api/resources.js';
import type { ResourceAdapter } from '../types.js';

/** A secret the node needs. `join` stores secret answers before the plan runs; this checks they are there. */
export const secretAdapter: ResourceAdapter<SecretResource> = {
  async observe(resource, env) {
    return (await env.secret(resource.name)) === undefined ? { state: 'absent' } : { state: 'matches' };
  },
  display(resource) {
    return [{ kind: 'note', text: `keep ${resource.name} in depin's secret store (${resource.description}); its value is never shown` }];
  },
  async apply(resource) {
    throw new Error(`the secret ${resource.name} (${resource.description}) is not in depin's secret store; answer it when join asks, or pass it with --set`);
  },
  async remove(resource, _env, { purge }) {
    // Kept on a plain leave so a later join can reuse it; --purge forgets it (see the join service).
    return purge ? undefined : `kept the secret ${resource.name} (--purge forgets it)`;
  },
};

/** Hardware that runs on its own: depin tracks it; there is nothing to install here. */
export const deviceAdapter: ResourceAdapter<DeviceResource> = {
  async observe(resource) {
    return { state: 'not-applicable', detail: resource.description };
  },
  display(resource) {
    return [{ kind: 'note', text: `track ${resource.ids.join(', ')}${resource.wallet ? ` (wallet ${resource.wallet})` : ''}: ${resource.description}` }];
  },
  async apply() {},
  async remove(resource) {
    return `stopped tracking ${resource.ids.join(', ')}`;
  },
};

/** A step only the person can take; printed, never pretended. */
export const manualAdapter: ResourceAdapter<ManualResource> = {
  async observe() {
    return { state: 'not-applicable' };
  },
  display(resource) {
    return [
      { kind: 'note', text: `${resource.title}${resource.url ? ` (${resource.url})` : ''}` },
      ...resource.steps.map((step, i) => ({ kind: 'note' as const, text: `  ${i + 1}. ${step}` })),
    ];
  },
  async apply() {},
  async remove() {
    return undefined;
  },
};
