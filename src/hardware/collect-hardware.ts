import { freemem, totalmem } from 'node:os';
import type { HardwareProfile } from '../plugin-api/types.js';
import { settle, type ProbeContext } from './probe-context.js';
import { probeDisks } from './probe-disks.js';
import { probeGpus } from './probe-gpus.js';
import { probeInterfaces, probeReachability, type PortRequest } from './probe-network.js';
import { probeRuntimes, type Runtimes } from './probe-runtimes.js';
import { cpuFromNode, probeCpu, probeMemory, probeOs } from './probe-system.js';

/** How `collectHardware` probes. Every field is optional. */
export interface CollectHardwareOptions {
  /** Also look up the public IP address and test the `ports` (off by default: it leaves the machine). */
  network?: boolean;
  /** Longest wait for one slow tool (nvidia-smi), in ms; quick checks wait at most 2.5 s. Default 5000. */
  timeoutMs?: number;
  /** TCP/UDP ports to test when `network` is on. */
  ports?: PortRequest[];
  /** IP echo service; default DEPIN_IP_ECHO_URL, then https://api.ipify.org. */
  ipEchoUrl?: string;
  /** Environment for finding and running tools (PATH); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where /sys, /run, /etc and /usr/share are read from; default "/". */
  fsRoot?: string;
}

const NO_TOOL = { installed: false } as const;
const NO_RUNTIMES: Runtimes = {
  docker: { installed: false, daemon: false },
  podman: NO_TOOL,
  nvidiaContainerToolkit: false,
  systemd: false,
  kubectl: NO_TOOL,
  helm: NO_TOOL,
};

/**
 * Reads this machine's hardware profile. Every probe runs at once; each one that fails or runs out
 * of time leaves its part absent or empty rather than failing the whole, so this never throws.
 */
export async function collectHardware(options: CollectHardwareOptions = {}): Promise<HardwareProfile> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const ctx: ProbeContext = {
    env: options.env ?? process.env,
    fsRoot: options.fsRoot ?? '/',
    timeoutMs,
    quickMs: Math.min(timeoutMs, 2500),
    platform: process.platform,
  };
  const limit = timeoutMs + 1000;
  // systeminformation is heavy; it is loaded here and only here, and its absence is survivable.
  const si = await import('systeminformation').then((m) => m.default).catch(() => undefined);

  const [os, cpu, memory, disks, gpus, runtimes, interfaces, reach] = await Promise.all([
    settle(probeOs(si, ctx), limit, { platform: process.platform, distro: process.platform, release: '', kernel: '', arch: process.arch }),
    settle(probeCpu(si), limit, cpuFromNode()),
    settle(probeMemory(si), limit, { totalBytes: totalmem(), availableBytes: freemem() }),
    si ? settle(probeDisks(si, ctx), limit, []) : Promise.resolve([]),
    settle(probeGpus(ctx), limit, []),
    settle(probeRuntimes(ctx), limit, NO_RUNTIMES),
    settle(probeInterfaces(ctx), limit, []),
    options.network
      ? settle(probeReachability(ctx, options), limit, {
          ports: options.ports?.map((p) => ({ ...p, reachable: null, reason: 'the network check did not finish' })),
        })
      : Promise.resolve({}),
  ]);

  return {
    collectedAt: new Date().toISOString(),
    os,
    cpu,
    memory,
    disks,
    gpus,
    runtimes,
    network: { interfaces, ...reach },
  };
}
