import type { Resource } from '../plugin-api/resources.js';

/**
 * A resource's identity across runs: the same key in the plan and in the record means "the same thing",
 * which is what lets a second join compare instead of create, and lets leave find what join made.
 */
export function resourceKey(resource: Resource): string {
  switch (resource.kind) {
    case 'container':
    case 'container-run':
    case 'systemd-unit':
    case 'secret':
      return `${resource.kind}:${resource.name}`;
    case 'directory':
    case 'file':
      return `${resource.kind}:${resource.path}`;
    case 'download':
      return `download:${resource.creates}`;
    case 'helm-release':
      return `helm-release:${resource.namespace}/${resource.release}`;
    case 'kube-object': {
      const m = resource.manifest;
      return `kube-object:${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
    }
    case 'device':
      return `device:${[...resource.ids].sort().join(',')}`;
    case 'manual':
      return `manual:${resource.title}`;
    case 'wallet':
      return `wallet:${resource.chain}:${resource.address}`;
  }
}

/** One line that names a resource for a person. */
export function resourceLabel(resource: Resource): string {
  switch (resource.kind) {
    case 'container':
      return `container ${resource.name} (${resource.image})`;
    case 'container-run':
      return `one-time run of ${resource.image}: ${resource.description}`;
    case 'directory':
      return `folder ${resource.path}${resource.data ? ' (node data)' : ''}`;
    case 'file':
      return `file ${resource.path}`;
    case 'download':
      return `download ${resource.url}`;
    case 'systemd-unit':
      return `${resource.scope} unit ${resource.name}`;
    case 'helm-release':
      return `Helm release ${resource.release} (${resource.chart} ${resource.version}) in ${resource.namespace}`;
    case 'kube-object':
      return `Kubernetes ${resource.manifest.kind} ${resource.manifest.metadata.name}`;
    case 'device':
      return `device ${resource.ids.join(', ')}`;
    case 'secret':
      return `secret ${resource.name} (${resource.description})`;
    case 'manual':
      // Plan lines already mark it "by hand".
      return resource.title;
    case 'wallet':
      return `track wallet ${resource.address} (${resource.chain})`;
  }
}
