import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { questions } from './answers.js';
import { CHARTS, health, plan, preflight } from './join.js';

/**
 * Akash: a provider is a Kubernetes cluster running Akash's Helm charts. Leases pay out in ACT; AKT
 * funds the provider's transaction fees and staking.
 */
export default definePlugin({
  manifest: {
    id: 'akash',
    name: 'Akash',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'cloud-compute',
    homepage: 'https://akash.network',
    joinKind: 'kubernetes',
    description: 'Pays providers for leasing compute on their Kubernetes cluster to Akash deployments.',
    settings: (Object.keys(CHARTS) as (keyof typeof CHARTS)[]).map((name) => ({
      key: `chart${name[0].toUpperCase()}${name.slice(1)}`,
      default: CHARTS[name],
      description: `Helm chart version of ${name} that \`depin join akash\` installs`,
      validate: (v: string) => (/^v?\d+\.\d+\.\d+$/.test(v) ? undefined : 'expected an exact chart version such as 19.0.2'),
    })),
    tokens: [
      {
        symbol: 'AKT',
        name: 'Akash Network',
        chain: 'akash',
        mint: 'uakt',
        decimals: 6,
        coingeckoId: 'akash-network',
        provenance: 'verified',
      },
      {
        // No CoinGecko id is known for ACT, so it has no USD price.
        symbol: 'ACT',
        name: 'Akash Compute Token',
        chain: 'akash',
        mint: 'uact',
        decimals: 6,
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    os: ['linux'],
    arch: ['x64'],
    cpuCores: 8,
    memoryGb: 16,
    diskFreeGb: 150,
    diskKinds: ['ssd', 'nvme'],
    kubernetes: true,
    helm: true,
    ports: [
      { port: 80, protocol: 'tcp' },
      { port: 443, protocol: 'tcp' },
      { port: 8443, protocol: 'tcp' },
      { port: 8444, protocol: 'tcp' },
      { port: 5002, protocol: 'tcp' },
    ],
    bandwidth: { downMbps: 100, upMbps: 100 },
    notes: [
      'Minimum for a single-server provider; 12+ cores, 48+ GB RAM and 500+ GB SSD are recommended (worker nodes: 4 cores, 8 GB, 100 GB).',
      'Ubuntu 24.04 LTS on x86_64; a static public IP or DDNS and a domain you own are required.',
      'NodePorts 30000–32767 TCP/UDP must also be reachable.',
      'GPUs must be NVIDIA, one GPU model per node.',
      'The provider account needs AKT for fees; provider payouts are in ACT.',
    ],
  },
  questions,
  preflight,
  plan,
  health,
});
