import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';

/**
 * io.net: a launch binary authorises the device against an io.net account and starts the worker
 * containers; rewards are paid in IO on Solana.
 */
export default definePlugin({
  manifest: {
    id: 'ionet',
    name: 'io.net',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'gpu-compute',
    homepage: 'https://io.net',
    joinKind: 'binary',
    description: "Pays IO for renting out GPUs to io.net's decentralised compute cloud.",
    tokens: [
      {
        symbol: 'IO',
        name: 'io.net',
        chain: 'solana',
        mint: 'BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K',
        decimals: 8,
        coingeckoId: 'io-net',
        provenance: 'verified',
      },
    ],
  },
  requirements: {
    os: ['linux'],
    arch: ['x64'],
    gpu: { vendor: 'nvidia' },
    containerRuntime: true,
    gpuContainerToolkit: true,
    notes: [
      "io.net publishes no verified VRAM, RAM or disk minimums (unverified), so none is checked here; the GPU must be on io.net's supported-device list.",
      'Ubuntu 20.04 or later (22.04 LTS recommended); io.net supports AMD and Intel processors.',
      'The worker is rejected when `docker run --gpus all nvidia/cuda:11.0.3-base-ubuntu18.04 nvidia-smi` fails on this machine.',
      'Needs an account at https://cloud.io.net and a device authorisation (IO.ID) during the first launch.',
      'Whether staking or an approval is needed for block rewards is unverified.',
    ],
  },
});
