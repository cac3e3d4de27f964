import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { MINER_ID, rewardSources } from './rewards.js';

/**
 * Filecoin: running a storage provider means building and operating Lotus and Curio, so depin checks
 * the machine against the lightest documented path (PDP) and monitors a provider the user runs.
 */
export default definePlugin({
  manifest: {
    id: 'filecoin',
    name: 'Filecoin',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'storage',
    homepage: 'https://filecoin.io',
    joinKind: 'manual',
    description: "Pays FIL to storage providers for proving that they store clients' data.",
    tokens: [
      {
        symbol: 'FIL',
        name: 'Filecoin',
        chain: 'filecoin',
        native: true,
        decimals: 18,
        coingeckoId: 'filecoin',
        provenance: 'verified',
      },
    ],
    settings: [
      {
        key: 'minerId',
        description: 'storage provider miner id whose available balance is tracked',
        validate: (value) => (MINER_ID.test(value) ? undefined : 'must be a miner actor id like f01234'),
      },
    ],
  },
  // The PDP path (Lotus + YugabyteDB + Curio): 32 GiB RAM, 8 cores, 1 TiB NVMe/SSD, no GPU.
  requirements: {
    os: ['linux'],
    cpuCores: 8,
    memoryGb: 32,
    diskFreeGb: 1000,
    diskKinds: ['ssd', 'nvme'],
    notes: [
      'Checked against the PDP storage-provider path (marked alpha by Filecoin): Ubuntu 22.04, 8+ cores, 32 GiB+ RAM, 1 TiB NVMe/SSD plus 10 TiB HDD, a public HTTPS endpoint on your own domain, no GPU.',
      'The sealing (PoRep) path needs far more: 32-core PC1 nodes with SHA extensions and 1 TB RAM, PC2/C2 nodes with 512 GB RAM and a 10 GB+ GPU, and PoSt workers with 128 GiB and a 10 GB+ GPU.',
      'Block rewards start at 10 TiB of raw byte power; FIP-0100 daily fees apply, so keep a FIL buffer in the miner actor.',
      'depin monitors an existing Lotus/Curio node and miner id; it does not build or run one.',
    ],
  },
  earnings: { rewardSources },
});
