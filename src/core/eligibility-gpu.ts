/** The GPU part of the eligibility matcher. Pure. */
import type { HardwareGpu, HardwareProfile, Requirements } from '../plugin-api/types.js';
import { joinAnd, vendorLabel } from './eligibility-text.js';
import { atLeast, compareVersions } from './eligibility-version.js';

type GpuRequirement = NonNullable<Requirements['gpu']>;

/** VRAM as the card is sold: drivers keep some back, so 7982 MiB is an 8 GB card. */
export function nominalVramGb(gpu: HardwareGpu): number | undefined {
  return gpu.vramMb === undefined ? undefined : Math.round(gpu.vramMb / 1024);
}

/** "an NVIDIA GPU with at least 8 GB VRAM", "2 NVIDIA GPUs with at least 8 GB VRAM each", "a GPU". */
export function describeGpuRequirement(req: GpuRequirement): string {
  const count = req.count ?? 1;
  const vendor = vendorLabel(req.vendor);
  const vram = req.minVramGb === undefined ? '' : ` with at least ${req.minVramGb} GB VRAM${count > 1 ? ' each' : ''}`;
  if (count > 1) return `${count} ${vendor ? `${vendor} ` : ''}GPUs${vram}`;
  return `${vendor ? `an ${vendor}` : 'a'} GPU${vram}`;
}

interface Criterion {
  ok: (gpu: HardwareGpu) => boolean;
  /** The sentence when too few GPUs meet it, naming the best that was found. */
  reason: (candidates: HardwareGpu[]) => string;
}

function best<T>(values: (T | undefined)[], better: (a: T, b: T) => boolean): T | undefined {
  let top: T | undefined;
  for (const v of values) if (v !== undefined && (top === undefined || better(v, top))) top = v;
  return top;
}

const newer = (a: string, b: string) => (compareVersions(a, b) ?? 0) > 0;

function criteria(req: GpuRequirement): Criterion[] {
  const list: Criterion[] = [];
  const desc = describeGpuRequirement(req);
  const driverName = req.vendor === 'nvidia' ? 'NVIDIA driver' : 'GPU driver';
  if (req.minVramGb !== undefined) {
    const min = req.minVramGb;
    list.push({
      ok: (gpu) => (nominalVramGb(gpu) ?? -1) >= min,
      reason: (gpus) => {
        if ((req.count ?? 1) > 1) {
          const each = gpus.map((g) => `${g.model} with ${nominalVramGb(g) === undefined ? 'unreported VRAM' : `${nominalVramGb(g)} GB`}`);
          return `needs ${desc}; found ${joinAnd(each)}`;
        }
        const top = best(gpus, (a, b) => (a.vramMb ?? -1) > (b.vramMb ?? -1));
        const gb = top ? nominalVramGb(top) : undefined;
        if (!top || gb === undefined) return `needs ${desc}; the VRAM of ${joinAnd(gpus.map((g) => g.model))} was not reported`;
        return `needs ${desc}; found ${gb} GB (${top.model})`;
      },
    });
  }
  if (req.minCuda !== undefined) {
    const min = req.minCuda;
    list.push({
      ok: (gpu) => atLeast(gpu.cuda, min),
      reason: (gpus) => {
        const found = best(
          gpus.map((g) => g.cuda),
          newer,
        );
        return `needs CUDA ${min} or newer; found ${found ?? 'no CUDA driver'}`;
      },
    });
  }
  if (req.minDriver !== undefined) {
    const min = req.minDriver;
    list.push({
      ok: (gpu) => atLeast(gpu.driver, min),
      reason: (gpus) => {
        const found = best(
          gpus.map((g) => g.driver),
          newer,
        );
        return `needs ${driverName} ${min} or newer; found ${found ?? 'no driver'}`;
      },
    });
  }
  if (req.minComputeCapability !== undefined) {
    const min = req.minComputeCapability;
    list.push({
      ok: (gpu) => atLeast(gpu.computeCapability, min),
      reason: (gpus) => {
        const found = best(
          gpus.map((g) => g.computeCapability),
          newer,
        );
        return found ? `needs compute capability ${min} or newer; found ${found}` : `needs compute capability ${min} or newer; it was not reported`;
      },
    });
  }
  return list;
}

/** Reasons the machine's GPUs fall short of the requirement; [] when they meet it. */
export function checkGpu(req: GpuRequirement, hw: HardwareProfile): string[] {
  const count = req.count ?? 1;
  const desc = describeGpuRequirement(req);
  const candidates = hw.gpus.filter((gpu) => req.vendor === 'any' || gpu.vendor === req.vendor);
  if (candidates.length === 0) {
    const others = hw.gpus.map((gpu) => gpu.model);
    return [`needs ${desc}; found ${others.length ? `only ${joinAnd(others)}` : 'none'}`];
  }
  if (candidates.length < count) return [`needs ${desc}; found ${candidates.length} (${joinAnd(candidates.map((g) => g.model))})`];

  const rules = criteria(req);
  const reasons = rules.filter((rule) => candidates.filter(rule.ok).length < count).map((rule) => rule.reason(candidates));
  if (reasons.length > 0) return reasons;
  // Each rule is met by enough GPUs, but not enough GPUs meet all of them at once.
  const complete = candidates.filter((gpu) => rules.every((rule) => rule.ok(gpu)));
  if (complete.length >= count) return [];
  const shortfall = count === 1 ? 'no single GPU here meets' : `only ${complete.length} GPU${complete.length === 1 ? ' here meets' : 's here meet'}`;
  return [`needs ${desc}; ${shortfall} every GPU requirement at once`];
}
