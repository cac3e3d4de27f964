import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/**
 * peaq: a Docker full node (`peaq/parachain`) of the peaq parachain; machines join the network
 * through an on-chain DID document.
 */
export default definePlugin({
  manifest: {
    id: 'peaq',
    name: 'peaq',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'chain-node',
    homepage: 'https://www.peaq.xyz',
    joinKind: 'container',
    description: 'The peaq chain for machines: run a full or collator node and onboard machines with a DID.',
    tokens: [
      {
        symbol: 'PEAQ',
        name: 'peaq',
        chain: 'peaq',
        native: true,
        decimals: 18,
        coingeckoId: 'peaq-2',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    os: ['linux'],
    memoryGb: 8,
    diskFreeGb: 1000,
    diskKinds: ['ssd', 'nvme'],
    containerRuntime: true,
    notes: [
      "Reference machine from peaq's docs: Ubuntu 20.04, a 3.3 GHz AMD EPYC 7002-class CPU (AWS c5ad.xlarge), 8 GB RAM, 1 TB SSD.",
      'Collators also need session keys; remove --unsafe-rpc-external and --rpc-methods=unsafe once they are generated.',
      "EVM (H160) and Substrate (SS58) accounts are separate; moving PEAQ between them needs peaq's Address Unification.",
    ],
  },
});
