/**
 * Table-driven: every hardware fixture against requirement tables modelled on
 * /work/shared/reference/networks.md, asserting the exact verdicts, reasons and notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateEligibility, type NetworkVerdict } from '../../src/core/eligibility.js';
import type { Category, HardwareProfile, JoinKind, PluginManifest, Requirements } from '../../src/plugin-api/types.js';

function profile(name: string): HardwareProfile {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/hardware/${name}`, import.meta.url), 'utf8')) as HardwareProfile;
}

const MACHINES = {
  ci: profile('profile-ci-debian12.json'),
  rtx4090: profile('profile-rtx4090-workstation.json'),
  gtx1060: profile('profile-gtx1060-legacy.json'),
  pi4: profile('profile-raspberry-pi-4.json'),
  storage: profile('profile-storage-server.json'),
};
type Machine = keyof typeof MACHINES;

function manifest(id: string, name: string, category: Category, joinKind: JoinKind): PluginManifest {
  return { id, name, version: '1.0.0', apiVersion: 1, category, homepage: `https://example.org/${id}`, joinKind, description: name, tokens: [] };
}

interface Network {
  manifest: PluginManifest;
  requirements: Requirements;
}

const NETWORKS: Record<string, Network> = {
  // Render FAQ: CUDA-enabled NVIDIA GPU, CUDA 10.1+, compute capability 3.0+, driver 419+, 8 GB VRAM, 32 GB RAM;
  // compute-client rewards need 100 Mbps down / 75 up.
  render: {
    manifest: manifest('render', 'Render', 'gpu-compute', 'manual'),
    requirements: {
      gpu: { vendor: 'nvidia', minVramGb: 8, minCuda: '10.1', minDriver: '419', minComputeCapability: '3.0' },
      memoryGb: 32,
      bandwidth: { downMbps: 100, upMbps: 75 },
    },
  },
  // Storj minimum: 500 GB, docker storagenode, 28967 TCP and UDP.
  storj: {
    manifest: manifest('storj', 'Storj', 'storage', 'container'),
    requirements: {
      diskFreeGb: 500,
      containerRuntime: true,
      ports: [
        { port: 28967, protocol: 'tcp' },
        { port: 28967, protocol: 'udp' },
      ],
    },
  },
  // Akash single-server provider minimum: x86_64, 8 cores, 16 GB, 150 GB SSD, Kubernetes + Helm.
  akash: {
    manifest: manifest('akash', 'Akash', 'cloud-compute', 'kubernetes'),
    requirements: {
      os: ['linux'],
      arch: ['x64'],
      cpuCores: 8,
      memoryGb: 16,
      diskFreeGb: 150,
      diskKinds: ['ssd', 'nvme'],
      kubernetes: true,
      helm: true,
      ports: [
        { port: 8443, protocol: 'tcp' },
        { port: 8444, protocol: 'tcp' },
      ],
    },
  },
  helium: {
    manifest: manifest('helium', 'Helium', 'wireless', 'device'),
    requirements: { dedicatedHardware: 'a Helium hotspot (LoRaWAN or 5G)' },
  },
  // Nosana: NVIDIA GPU, 12 GB RAM, 256 GB NVMe, Linux, Docker + NVIDIA Container Toolkit, 100/50 Mbps.
  nosana: {
    manifest: manifest('nosana', 'Nosana', 'gpu-compute', 'container'),
    requirements: {
      os: ['linux'],
      gpu: { vendor: 'nvidia' },
      memoryGb: 12,
      diskFreeGb: 256,
      diskKinds: ['nvme'],
      containerRuntime: true,
      gpuContainerToolkit: true,
      bandwidth: { downMbps: 100, upMbps: 50 },
    },
  },
  // Filecoin-style storage provider with SHA extensions (sealing), trimmed to what one table can say.
  filecoin: {
    manifest: manifest('filecoin', 'Filecoin', 'storage', 'manual'),
    requirements: { os: ['linux'], cpuCores: 8, cpuFlags: ['sha_ni', 'avx2'], memoryGb: 32, diskFreeGb: 1000 },
  },
  // Arweave: a 3.6 TB partition per storage module, started as a systemd unit.
  arweave: {
    manifest: manifest('arweave', 'Arweave', 'storage', 'binary'),
    requirements: { os: ['linux'], systemd: true, diskFreeGb: 4000 },
  },
  // io.net: any supported GPU, Docker workers.
  ionet: {
    manifest: manifest('ionet', 'io.net', 'gpu-compute', 'binary'),
    requirements: { os: ['linux'], gpu: { vendor: 'any' }, containerRuntime: true },
  },
  // A multi-GPU job host: two NVIDIA cards of 16 GB each.
  multigpu: {
    manifest: manifest('multigpu', 'Multi-GPU host', 'gpu-compute', 'container'),
    requirements: { gpu: { vendor: 'nvidia', count: 2, minVramGb: 16 } },
  },
};

const DOCKER_DOWN = 'Docker is installed but its daemon did not answer: start it, or let this user use it, before joining';
const RENDER_BW = 'needs at least 100 Mbps down and 75 Mbps up (not measured)';
const NOSANA_BW = 'needs at least 100 Mbps down and 50 Mbps up (not measured)';
const STORJ_PORTS = 'needs ports 28967/tcp and 28967/udp open to the internet (not checked)';
const AKASH_PORTS = 'needs ports 8443/tcp and 8444/tcp open to the internet (not checked)';
const NO_K8S = ['needs kubectl (Kubernetes); not found', 'needs Helm; not found'];
const HELIUM = { reasons: ['needs dedicated hardware: a Helium hotspot (LoRaWAN or 5G)'], notes: [] };

type Expected = { reasons: string[]; notes: string[] };
const EXPECTED: Record<string, Record<Machine, Expected>> = {
  render: {
    ci: { reasons: ['needs 32 GB RAM; found 25.2 GB', 'needs an NVIDIA GPU with at least 8 GB VRAM; found none'], notes: [RENDER_BW] },
    rtx4090: { reasons: [], notes: [RENDER_BW] },
    gtx1060: {
      reasons: [
        'needs 32 GB RAM; found 16.7 GB',
        'needs an NVIDIA GPU with at least 8 GB VRAM; found 6 GB (GeForce GTX 1060 6GB)',
        'needs CUDA 10.1 or newer; found 10.0',
        'needs NVIDIA driver 419 or newer; found 410.104',
      ],
      notes: [
        'could not check compute capability 3.0 or newer for GeForce GTX 1060 6GB: driver 410.104 does not report it (NVIDIA drivers report it from 510 on)',
        RENDER_BW,
      ],
    },
    pi4: { reasons: ['needs 32 GB RAM; found 3.9 GB', 'needs an NVIDIA GPU with at least 8 GB VRAM; found none'], notes: [RENDER_BW] },
    storage: { reasons: ['needs an NVIDIA GPU with at least 8 GB VRAM; found none'], notes: [RENDER_BW] },
  },
  storj: {
    ci: { reasons: ['needs 500 GB free on one disk; found at most 85.2 GB free (on /)'], notes: [DOCKER_DOWN, STORJ_PORTS] },
    rtx4090: { reasons: [], notes: [STORJ_PORTS] },
    gtx1060: { reasons: ['needs 500 GB free on one disk; found at most 212 GB free (on /)'], notes: [STORJ_PORTS] },
    pi4: { reasons: ['needs 500 GB free on one disk; found at most 24.3 GB free (on /)'], notes: [STORJ_PORTS] },
    storage: { reasons: [], notes: [STORJ_PORTS] },
  },
  akash: {
    ci: { reasons: ['needs 8 CPU cores; found 2', 'needs 150 GB free on one SSD or NVMe disk; found HDD at /', 'needs Helm; not found'], notes: [AKASH_PORTS] },
    rtx4090: { reasons: NO_K8S, notes: [AKASH_PORTS] },
    gtx1060: { reasons: NO_K8S, notes: [AKASH_PORTS] },
    pi4: {
      reasons: [
        'needs an x64 CPU; found arm64',
        'needs 8 CPU cores; found 4',
        'needs 16 GB RAM; found 3.9 GB',
        'needs 150 GB free on one SSD or NVMe disk; found at most 24.3 GB free (on /)',
        ...NO_K8S,
      ],
      notes: [AKASH_PORTS],
    },
    storage: { reasons: NO_K8S, notes: [AKASH_PORTS] },
  },
  helium: { ci: HELIUM, rtx4090: HELIUM, gtx1060: HELIUM, pi4: HELIUM, storage: HELIUM },
  nosana: {
    ci: {
      reasons: ['needs 256 GB free on one NVMe disk; found HDD at /', 'needs an NVIDIA GPU; found none', 'needs the NVIDIA Container Toolkit; not found'],
      notes: [DOCKER_DOWN, NOSANA_BW],
    },
    rtx4090: { reasons: [], notes: [NOSANA_BW] },
    gtx1060: {
      reasons: ['needs 256 GB free on one NVMe disk; found SSD at / and SSD at /boot/efi', 'needs the NVIDIA Container Toolkit; not found'],
      notes: [NOSANA_BW],
    },
    pi4: {
      reasons: [
        'needs 12 GB RAM; found 3.9 GB',
        'needs 256 GB free on one NVMe disk; found SSD at / and SSD at /boot/firmware',
        'needs an NVIDIA GPU; found none',
        'needs the NVIDIA Container Toolkit; not found',
      ],
      notes: [NOSANA_BW],
    },
    storage: {
      reasons: [
        'needs 256 GB free on one NVMe disk; found SSD at /, SSD at /boot, HDD at /srv/storj and HDD at /srv/archive',
        'needs an NVIDIA GPU; found none',
        'needs the NVIDIA Container Toolkit; not found',
      ],
      notes: [NOSANA_BW],
    },
  },
  filecoin: {
    ci: {
      reasons: ['needs 8 CPU cores; found 2', 'needs 32 GB RAM; found 25.2 GB', 'needs 1000 GB free on one disk; found at most 85.2 GB free (on /)'],
      notes: [],
    },
    rtx4090: { reasons: [], notes: [] },
    gtx1060: {
      reasons: [
        'needs the CPU flags sha_ni and avx2; this CPU lacks sha_ni',
        'needs 32 GB RAM; found 16.7 GB',
        'needs 1000 GB free on one disk; found at most 212 GB free (on /)',
      ],
      notes: [],
    },
    pi4: {
      reasons: [
        'needs 8 CPU cores; found 4',
        'needs the CPU flags sha_ni and avx2; this CPU lacks sha_ni and avx2',
        'needs 32 GB RAM; found 3.9 GB',
        'needs 1000 GB free on one disk; found at most 24.3 GB free (on /)',
      ],
      notes: [],
    },
    storage: { reasons: ['needs the CPU flags sha_ni and avx2; this CPU lacks sha_ni'], notes: [] },
  },
  arweave: {
    ci: { reasons: ['needs 4000 GB free on one disk; found at most 85.2 GB free (on /)', 'needs systemd; this machine does not run it'], notes: [] },
    rtx4090: { reasons: ['needs 4000 GB free on one disk; found at most 1.4 TB free (on /)'], notes: [] },
    gtx1060: { reasons: ['needs 4000 GB free on one disk; found at most 212 GB free (on /)'], notes: [] },
    pi4: { reasons: ['needs 4000 GB free on one disk; found at most 24.3 GB free (on /)'], notes: [] },
    storage: { reasons: [], notes: [] },
  },
  ionet: {
    ci: { reasons: ['needs a GPU; found none'], notes: [DOCKER_DOWN] },
    rtx4090: { reasons: [], notes: [] },
    gtx1060: { reasons: [], notes: [] },
    pi4: { reasons: ['needs a GPU; found none'], notes: [] },
    storage: { reasons: ['needs a GPU; found none'], notes: [] },
  },
  multigpu: {
    ci: { reasons: ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found none'], notes: [] },
    rtx4090: { reasons: ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found 1 (NVIDIA GeForce RTX 4090)'], notes: [] },
    gtx1060: { reasons: ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found 1 (GeForce GTX 1060 6GB)'], notes: [] },
    pi4: { reasons: ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found none'], notes: [] },
    storage: { reasons: ['needs 2 NVIDIA GPUs with at least 16 GB VRAM each; found none'], notes: [] },
  },
};

for (const [networkId, network] of Object.entries(NETWORKS)) {
  for (const machine of Object.keys(MACHINES) as Machine[]) {
    test(`${networkId} on ${machine}`, () => {
      const expected = EXPECTED[networkId]?.[machine];
      assert.ok(expected, `an expectation exists for ${networkId} × ${machine}`);
      const verdict = evaluateEligibility(network, MACHINES[machine]);
      const kind: NetworkVerdict['verdict'] = network.requirements.dedicatedHardware
        ? 'dedicated-hardware'
        : expected.reasons.length > 0
          ? 'not-eligible'
          : 'eligible';
      assert.deepEqual(verdict, {
        id: network.manifest.id,
        name: network.manifest.name,
        category: network.manifest.category,
        joinKind: network.manifest.joinKind,
        eligible: kind === 'eligible',
        verdict: kind,
        reasons: expected.reasons,
        notes: expected.notes,
      });
    });
  }
}

test('the fixtures cover every verdict', () => {
  const kinds = new Set<string>();
  for (const network of Object.values(NETWORKS)) for (const hw of Object.values(MACHINES)) kinds.add(evaluateEligibility(network, hw).verdict);
  assert.deepEqual([...kinds].sort(), ['dedicated-hardware', 'eligible', 'not-eligible']);
});
