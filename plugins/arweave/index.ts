import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { DEFAULT_RELEASES, DEFAULT_VERSION, health, plan, preflight, questions } from './join.js';

/** Arweave: the miner release runs under systemd and mines over 3.6 TB partitions of the weave. */
export default definePlugin({
  manifest: {
    id: 'arweave',
    name: 'Arweave',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'storage',
    homepage: 'https://arweave.org',
    joinKind: 'binary',
    description: 'Pays AR to miners for storing replicas of the permanent Arweave weave.',
    settings: [
      {
        key: 'version',
        default: DEFAULT_VERSION,
        description: 'Arweave release that `depin join arweave` installs (a tag N.<version>)',
        validate: (v) => (/^\d+\.\d+\.\d+(\.\d+)?$/.test(v) ? undefined : 'expected a release version such as 2.9.5'),
      },
      { key: 'releaseUrl', type: 'url', default: DEFAULT_RELEASES, description: 'Where Arweave releases are downloaded from (a mirror with the same layout)' },
    ],
    tokens: [
      {
        symbol: 'AR',
        name: 'Arweave',
        chain: 'arweave',
        native: true,
        decimals: 12,
        coingeckoId: 'arweave',
        provenance: 'verified',
      },
    ],
  },
  // One storage module holds one 3.6 TB partition; mining needs at least one.
  requirements: {
    os: ['linux'],
    diskFreeGb: 3600,
    systemd: true,
    ports: [{ port: 1984, protocol: 'tcp' }],
    notes: [
      'The weave is split into 3.6 TB partitions (103 as of November 2025); rewards scale with the share of a full replica stored.',
      'Raise file-descriptor limits (fs.file-max=10000000 and nofile in limits.conf) before mining.',
      'Back up [data_dir]/wallets: it holds the mining key. Stop the miner with ./bin/stop, never kill -9.',
    ],
  },
  questions,
  preflight,
  plan,
  health,
});
