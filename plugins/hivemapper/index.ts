import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/** Hivemapper: a dashcam maps the streets while driving; HONEY is deposited weekly on Solana. */
export default definePlugin({
  manifest: {
    id: 'hivemapper',
    name: 'Hivemapper',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'mapping',
    homepage: 'https://hivemapper.com',
    joinKind: 'device',
    description: 'Pays HONEY for street-level imagery collected with a Hivemapper dashcam.',
    tokens: [
      {
        symbol: 'HONEY',
        name: 'Hivemapper',
        chain: 'solana',
        mint: '4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy',
        decimals: 9,
        coingeckoId: 'hivemapper',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    dedicatedHardware: 'A supported Hivemapper dashcam (HDC, HDC-S or Bee) and the Hivemapper mobile app.',
    notes: [
      'HONEY is deposited weekly: imagery for Monday–Sunday must be uploaded by Tuesday 4:59 pm PT.',
      'The wallet must be connected in the Hivemapper app.',
      "The dashcam's local API answers on port 5000 (/api/1/info); its IP address on the dashcam's WiFi is unverified.",
    ],
  },
});
