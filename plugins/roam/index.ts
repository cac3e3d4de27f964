import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/** Roam: a Roam miner (router) or the Roam app earns points and ROAM on Solana. */
export default definePlugin({
  manifest: {
    id: 'roam',
    name: 'Roam',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'wireless',
    homepage: 'https://weroam.xyz',
    joinKind: 'device',
    description: 'Pays ROAM for providing OpenRoaming WiFi through Roam miners and the Roam app.',
    tokens: [
      {
        symbol: 'ROAM',
        name: 'Roam',
        chain: 'solana',
        mint: 'RoamA1USA8xjvpTJZ6RvvxyDRzNh6GCA1zVGKSiMVkn',
        decimals: 6,
        coingeckoId: 'roam-token',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    dedicatedHardware: 'A Roam miner (WiFi router); without one, the Roam mobile app earns Roam Points for adding WiFi and check-ins.',
    notes: ['Miner rewards are tracked in the Roam app; no public Roam API is known (unverified), so depin tracks ROAM on-chain.'],
  },
});
