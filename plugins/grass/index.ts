import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/**
 * Grass: users share residential bandwidth through Grass's own app or browser extension. There is no
 * official headless node, so depin registers the device and wallet and tracks GRASS on-chain.
 */
export default definePlugin({
  manifest: {
    id: 'grass',
    name: 'Grass',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'bandwidth',
    homepage: 'https://www.grass.io',
    joinKind: 'manual',
    description: 'Rewards sharing unused residential bandwidth; points convert to GRASS on Solana.',
    tokens: [
      {
        symbol: 'GRASS',
        name: 'Grass',
        chain: 'solana',
        mint: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
        decimals: 9,
        coingeckoId: 'grass',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    notes: [
      "Grass has no official headless or Docker node (unverified whether one exists); run Grass's desktop app or browser extension with your account. Community Docker images are unofficial.",
      'Any always-on device on a residential connection qualifies; the bandwidth is the resource.',
      "Uptime and network points are tracked per epoch on Grass's Rewards Dashboard; depin tracks the GRASS balance on-chain.",
    ],
  },
});
