import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import type { EligibilityExtra, HardwareProfile } from '../../src/plugin-api/index.js';
import { isSupportedGpu, SUPPORTED_GPU_LIST } from './supported-gpus.js';

/** The requirement table checks for an NVIDIA GPU; this adds Nosana's model list and its one-GPU rule. */
function eligibility(hw: HardwareProfile): EligibilityExtra {
  const nvidia = hw.gpus.filter((gpu) => gpu.vendor === 'nvidia');
  if (nvidia.length === 0) return { reasons: [] };
  const supported = nvidia.filter((gpu) => isSupportedGpu(gpu.model));
  if (supported.length === 0) {
    const models = [...new Set(nvidia.map((gpu) => gpu.model))].join(', ');
    return { reasons: [`GPU ${models} is not on Nosana's supported list (${SUPPORTED_GPU_LIST})`] };
  }
  const notes: string[] = [];
  if (nvidia.length > 1) notes.push(`Nosana runs one GPU per machine; ${supported[0].model} would be used.`);
  return { reasons: [], notes };
}

/**
 * Nosana: a Docker node (`nosana/nosana-cli`) with its own Solana key runs AI inference jobs and is
 * paid in NOS on Solana.
 */
export default definePlugin({
  manifest: {
    id: 'nosana',
    name: 'Nosana',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'gpu-compute',
    homepage: 'https://nosana.com',
    joinKind: 'container',
    description: 'Pays NOS for running AI inference jobs on an NVIDIA GPU.',
    tokens: [
      {
        symbol: 'NOS',
        name: 'Nosana',
        chain: 'solana',
        mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
        decimals: 6,
        coingeckoId: 'nosana',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    os: ['linux'],
    memoryGb: 12,
    diskFreeGb: 256,
    gpu: { vendor: 'nvidia' },
    containerRuntime: true,
    gpuContainerToolkit: true,
    bandwidth: { downMbps: 100, upMbps: 50 },
    notes: [
      `GPU must be on Nosana's supported list: ${SUPPORTED_GPU_LIST}.`,
      'NVMe storage is recommended, up to 1 TB for models.',
      'Native Linux only (Ubuntu 20.04+); Windows/WSL2 is deprecated. Docker must run without root.',
      'One private key per GPU and one GPU per machine; registration on the Nosana Grid follows a GPU benchmark.',
      '500 Mb/s down / 250 Mb/s up with ping under 100 ms is recommended.',
    ],
  },
  eligibility,
});
