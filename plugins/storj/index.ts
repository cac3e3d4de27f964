import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { questions } from './answers.js';
import { health } from './health.js';
import { plan, preflight } from './join.js';
import { DEFAULT_DASHBOARD_URL, rewardSources } from './rewards.js';

/** Storj: a Docker storage node rents out disk space and is paid in STORJ (ERC-20 on Ethereum). */
export default definePlugin({
  manifest: {
    id: 'storj',
    name: 'Storj',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'storage',
    homepage: 'https://www.storj.io',
    joinKind: 'container',
    description: 'Pays STORJ for storing encrypted pieces of files and serving them.',
    tokens: [
      {
        symbol: 'STORJ',
        name: 'Storj',
        chain: 'ethereum',
        mint: '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC',
        decimals: 8,
        coingeckoId: 'storj',
        provenance: 'verified',
      },
    ],
    settings: [{ key: 'dashboardUrl', type: 'url', default: DEFAULT_DASHBOARD_URL, description: "Storj node's local dashboard API (estimated payout)" }],
  },
  requirements: {
    cpuCores: 1,
    diskFreeGb: 500,
    containerRuntime: true,
    ports: [
      { port: 28967, protocol: 'tcp' },
      { port: 28967, protocol: 'udp' },
    ],
    bandwidth: { downMbps: 3, upMbps: 1 },
    notes: [
      'Bandwidth minimum is per TB shared: 1 Mbps up / 3 Mbps down per TB (3 up / 5 down per TB recommended).',
      'Recommended: one dedicated HDD (no SMR, no RAID0) of 2 TB; on Linux, mount it statically in /etc/fstab.',
      'Port 28967 must be forwarded for both TCP and UDP (QUIC).',
      'Uptime of at least 99.3% (at most 5 hours of downtime a month) is expected; 99.5% recommended.',
      'Payouts go to Ethereum L1, or to zkSync Era when opted in.',
    ],
  },
  questions,
  preflight,
  plan,
  health,
  earnings: { rewardSources },
});
