import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/** IoTeX: a Docker full node (`iotex/iotex-core`); delegates elected by staked votes earn IOTX rewards. */
export default definePlugin({
  manifest: {
    id: 'iotex',
    name: 'IoTeX',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'chain-node',
    homepage: 'https://iotex.io',
    joinKind: 'container',
    description: 'Pays IOTX to elected delegates that produce IoTeX blocks; a full node is the first step.',
    tokens: [
      {
        symbol: 'IOTX',
        name: 'IoTeX',
        chain: 'iotex',
        native: true,
        decimals: 18,
        coingeckoId: 'iotex',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    containerRuntime: true,
    ports: [{ port: 4689, protocol: 'tcp' }],
    notes: [
      'Full-node hardware minimums are unverified, so none is checked; the archive-node spec is Debian 12 / Ubuntu 22.04, 8+ cores, 32 GB+ RAM and 1 TB+ SSD/NVMe.',
      'Port 4689 carries peer-to-peer traffic; 8080 (stats), 14014 (gRPC), 15014 (Ethereum JSON-RPC) and 16014 (WebSocket) stay local.',
      'Block rewards go only to delegates elected by staked votes (`ioctl node delegate`).',
    ],
  },
});
