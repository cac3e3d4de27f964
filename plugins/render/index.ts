import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { health, plan, preflight, questions } from './join.js';

/**
 * Render: GPU node operators are onboarded by the Render team (waitlist), run OTOY's Windows client or
 * a compute client such as io.net, and are paid in RENDER on Solana. Old holders may still hold the
 * Ethereum RNDR token, so it is tracked as a legacy token.
 */
export default definePlugin({
  manifest: {
    id: 'render',
    name: 'Render',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'gpu-compute',
    homepage: 'https://rendernetwork.com',
    joinKind: 'manual',
    description: "Pays RENDER for GPU rendering and compute work done on approved node operators' GPUs.",
    tokens: [
      {
        symbol: 'RENDER',
        name: 'Render',
        chain: 'solana',
        mint: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
        decimals: 8,
        coingeckoId: 'render-token',
        provenance: 'verified',
      },
      {
        symbol: 'RNDR',
        name: 'Render (Ethereum, pre-migration)',
        chain: 'ethereum',
        mint: '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24',
        decimals: 18,
        coingeckoId: 'render-token',
        legacy: true,
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    memoryGb: 32,
    gpu: { vendor: 'nvidia', minVramGb: 8, minCuda: '10.1', minDriver: '419', minComputeCapability: '3.0' },
    bandwidth: { downMbps: 100, upMbps: 75 },
    notes: [
      "Render's compute subnet (Dispersed) takes Linux GPU hosts (Ubuntu 22.04/24.04 tested) through a waitlist, with a Solana wallet for RENDER and a Compute Node API key.",
      'Its client (disNet) has no public install; `depin join render` checks the host, keeps the API key as a secret, tracks the wallet and lists the steps left.',
      "The GPU must be on Render's approved list; at least 100 Mbps down / 75 Mbps up.",
      'The legacy rendering node is a Windows client handed out after approval.',
    ],
  },
  questions,
  preflight,
  plan,
  health,
});
