import type { HealthContext, HealthReport, JoinContext, PreflightCheck, ResourceInput } from '../../src/plugin-api/index.js';

/** Chart versions depin installs (akash-network/helm-charts, August 2026); settings can move them on. */
export const CHARTS = {
  node: '18.0.0',
  provider: '19.0.2',
  hostnameOperator: '19.0.2',
  inventoryOperator: '19.0.2',
  gateway: '1.2.1',
  certManager: 'v1.19.1',
};
const AKASH_REPO = { name: 'akash', url: 'https://akash-network.github.io/helm-charts' };
const JETSTACK = { name: 'jetstack', url: 'https://charts.jetstack.io' };
const DOCS = 'https://akash.network/docs/providers/setup-and-installation/kubespray/provider-installation/';

function namespace(name: string): ResourceInput {
  return { kind: 'kube-object', manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'akash.network': 'true' } } } };
}

/** provider.yaml as the charts take it; no secret in it (the key travels from the secret store on stdin). */
export function providerValues(answers: Record<string, string>): Record<string, unknown> {
  const attributes = [
    { key: 'host', value: 'akash' },
    { key: 'tier', value: 'community' },
    ...(answers.region ? [{ key: 'region', value: answers.region }] : []),
    ...(answers.organization ? [{ key: 'organization', value: answers.organization }] : []),
  ];
  return {
    from: answers.account,
    domain: answers.domain,
    node: 'http://akash-node-1:26657',
    chainid: 'akashnet-2',
    withdrawalperiod: '12h',
    email: answers.email,
    ...(answers.organization ? { organization: answers.organization } : {}),
    attributes,
  };
}

export async function preflight(ctx: JoinContext, answers: Record<string, string>): Promise<PreflightCheck[]> {
  const k = ctx.runtimes.kubernetes;
  const [kubectl, helm] = await Promise.all([k.kubectl(), k.helm()]);
  const checks: PreflightCheck[] = [
    kubectl.ok
      ? { id: 'kubectl', title: 'kubectl', status: 'pass', detail: kubectl.version }
      : { id: 'kubectl', title: 'kubectl', status: 'fail', detail: kubectl.reason, fix: kubectl.fix },
    helm.ok
      ? { id: 'helm', title: 'helm', status: 'pass', detail: helm.version }
      : { id: 'helm', title: 'helm', status: 'fail', detail: helm.reason, fix: helm.fix },
  ];
  if (kubectl.ok) {
    const context = await k.context();
    checks.push(
      context.ok
        ? { id: 'kube-context', title: 'Kubernetes context', status: 'pass', detail: `${context.name} answers` }
        : { id: 'kube-context', title: 'Kubernetes context', status: 'fail', detail: context.reason, fix: context.fix },
    );
  }
  for (const host of [`provider.${answers.domain}`, `test.ingress.provider.${answers.domain}`]) {
    const resolved = await ctx.runtimes.host.resolve(host);
    checks.push(
      resolved.status === 'ok'
        ? { id: `dns-${host}`, title: `DNS ${host}`, status: 'pass', detail: resolved.value.join(', ') }
        : {
            id: `dns-${host}`,
            title: `DNS ${host}`,
            status: 'warn',
            detail: resolved.reason,
            fix: `add an A record for provider.${answers.domain} and a wildcard *.ingress.provider.${answers.domain} pointing at this provider's public IP`,
          },
    );
  }
  return checks;
}

export function plan(ctx: JoinContext, answers: Record<string, string>): ResourceInput[] {
  const values = providerValues(answers);
  const chart = (key: keyof typeof CHARTS) => ctx.setting(`chart${key[0].toUpperCase()}${key.slice(1)}`) || CHARTS[key];
  return [
    { kind: 'wallet', address: answers.account, chain: 'akash' },
    namespace('akash-services'),
    namespace('lease'),
    // The provider's own RPC node: Akash makes it a strict requirement.
    { kind: 'helm-release', release: 'akash-node', chart: 'akash/akash-node', repo: AKASH_REPO, version: chart('node'), namespace: 'akash-services' },
    {
      kind: 'helm-release',
      release: 'cert-manager',
      chart: 'jetstack/cert-manager',
      repo: JETSTACK,
      version: chart('certManager'),
      namespace: 'cert-manager',
      createNamespace: true,
      values: { crds: { enabled: true } },
    },
    {
      kind: 'manual',
      title: 'Gateway API, NGINX Gateway Fabric and TLS',
      url: DOCS,
      steps: [
        'Install the Gateway API CRDs and NGINX Gateway Fabric with host ports 80, 443, 8443, 8444 and 5002, as the provider guide shows.',
        `Create a DNS-01 ClusterIssuer for your DNS provider and the TLS secrets wildcard-ingress-tls and akash-default-tls for *.ingress.provider.${answers.domain}.`,
        'Apply the provider CRDs: kubectl apply -f https://raw.githubusercontent.com/akash-network/provider/main/pkg/apis/akash.network/crd.yaml',
      ],
    },
    {
      kind: 'helm-release',
      release: 'akash-gateway',
      chart: 'akash/akash-gateway',
      repo: AKASH_REPO,
      version: chart('gateway'),
      namespace: 'akash-gateway',
      createNamespace: true,
      values,
    },
    {
      kind: 'helm-release',
      release: 'akash-hostname-operator',
      chart: 'akash/akash-hostname-operator',
      repo: AKASH_REPO,
      version: chart('hostnameOperator'),
      namespace: 'akash-services',
    },
    {
      kind: 'helm-release',
      release: 'inventory-operator',
      chart: 'akash/akash-inventory-operator',
      repo: AKASH_REPO,
      version: chart('inventoryOperator'),
      namespace: 'akash-services',
      values: { inventoryConfig: { cluster_storage: ['default', 'ram'] } },
    },
    {
      kind: 'helm-release',
      release: 'akash-provider',
      chart: 'akash/provider',
      repo: AKASH_REPO,
      version: chart('provider'),
      namespace: 'akash-services',
      values,
      // The chart writes these into its Secret <release>-keys as data, so they must already be base64.
      secretValues: { key: 'providerKey', keysecret: { secret: 'keyPassword', encode: 'base64' } },
    },
    {
      kind: 'manual',
      title: 'Fund the provider and set a bid price script',
      url: DOCS,
      steps: [
        `Send AKT to ${answers.account} for fees and the bid deposit (0.5 AKT per bid by default); leases pay out in ACT.`,
        "Optional: pass Akash's generic price script to the provider release (helm upgrade … --set bidpricescript=<base64>) to price bids from your own targets.",
      ],
    },
  ];
}

const EXPECTED_PODS = ['akash-provider', 'akash-node', 'operator-hostname', 'operator-inventory'];

/** From the provider's pods and its public status endpoint. */
export async function health(ctx: HealthContext): Promise<HealthReport> {
  const pods = await ctx.runtimes.kubernetes.pods('akash-services');
  if (pods.status !== 'ok') return { state: 'unreachable', details: [`cannot list pods in akash-services: ${pods.reason}`] };
  const details: string[] = [];
  let missing = 0;
  let unready = 0;
  for (const prefix of EXPECTED_PODS) {
    const pod = pods.value.find((p) => p.name.startsWith(prefix));
    if (!pod) {
      missing += 1;
      details.push(`${prefix}: no pod`);
    } else if (!pod.ready) {
      unready += 1;
      details.push(`${pod.name}: ${pod.phase}, not ready${pod.restarts ? `, ${pod.restarts} restarts` : ''}`);
    } else details.push(`${pod.name}: ready${pod.restarts ? ` (${pod.restarts} restarts)` : ''}`);
  }
  const provider = pods.value.find((p) => p.name.startsWith('akash-provider'));
  const release = await ctx.runtimes.kubernetes.release('akash-provider', 'akash-services');
  const status = await ctx.getJson(`https://provider.${ctx.joined.answers.domain}:8443/status`, { timeoutMs: 5000 });
  details.push(status.status === 'ok' ? 'status endpoint answers on :8443' : `status endpoint: ${status.reason}`);
  if (missing === EXPECTED_PODS.length) return { state: 'not-installed', details };
  const uptimeSeconds = provider?.startedAt ? Math.max(0, Math.round((Date.now() - Date.parse(provider.startedAt)) / 1000)) : undefined;
  return {
    state: missing + unready === 0 && status.status === 'ok' ? 'running' : 'degraded',
    details,
    version: release?.appVersion ?? release?.chartVersion,
    uptimeSeconds,
    nodeId: ctx.joined.answers.account,
  };
}
