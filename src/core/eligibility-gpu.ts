/** The GPU part of the eligibility matcher. Pure. */
import type { HardwareGpu, HardwareProfile, Requirements } from '../plugin-api/types.js';
import { joinAnd, vendorLabel } from './eligibility-text.js';
import { atLeast, compareVersions } from './eligibility-version.js';
import { soldVramGb } from './eligibility-vram.js';

type GpuRequirement = NonNullable<Requirements['gpu']>;

/** VRAM as the card is sold (see eligibility-vram.ts): a T4 reporting 15360 MiB is a 16 GB card. */
export function nominalVramGb(gpu: HardwareGpu): number | undefined {
  return gpu.vramMb === undefined ? undefined : soldVramGb(gpu.vramMb, gpu.ecc);
}

/** "an NVIDIA GPU with at least 8 GB VRAM", "2 NVIDIA GPUs with at least 8 GB VRAM each", "a GPU". */
export function describeGpuRequirement(req: GpuRequirement): string {
  const count = req.count ?? 1;
  const vendor = vendorLabel(req.vendor);
  const vram = req.minVramGb === undefined ? '' : ` with at least ${req.minVramGb} GB VRAM${count > 1 ? ' each' : ''}`;
  if (count > 1) return `${count} ${vendor ? `${vendor} ` : ''}GPUs${vram}`;
  return `${vendor ? `an ${vendor}` : 'a'} GPU${vram}`;
}

/** Whether one GPU meets one criterion; `unknown` when the GPU did not report the value judged. */
type Outcome = 'met' | 'short' | 'unknown';

interface Criterion {
  judge: (gpu: HardwareGpu) => Outcome;
  /** The sentence when too few GPUs meet it, naming the best that was found. */
  reason: (candidates: HardwareGpu[]) => string;
  /** The note when GPUs count only because the value could not be checked (criteria that can be unknown). */
  unchecked?: (gpus: HardwareGpu[]) => string;
}

function best<T>(values: (T | undefined)[], better: (a: T, b: T) => boolean): T | undefined {
  let top: T | undefined;
  for (const v of values) if (v !== undefined && (top === undefined || better(v, top))) top = v;
  return top;
}

const newer = (a: string, b: string) => (compareVersions(a, b) ?? 0) > 0;
const versionOutcome = (found: string | undefined, min: string): Outcome => (found === undefined ? 'unknown' : atLeast(found, min) ? 'met' : 'short');
/** Drivers from this release on report compute capability (the `compute_cap` query field). */
const FIRST_DRIVER_WITH_COMPUTE_CAP = '510';

function vramCriterion(req: GpuRequirement, min: number, desc: string): Criterion {
  return {
    // Memory that was not reported is a shortfall: an NVIDIA card whose driver answers always
    // reports it, so its absence means no working driver, or a GPU that has none of its own.
    judge: (gpu) => ((nominalVramGb(gpu) ?? -1) >= min ? 'met' : 'short'),
    reason: (gpus) => {
      if ((req.count ?? 1) > 1) {
        const each = gpus.map((g) => `${g.model} with ${nominalVramGb(g) === undefined ? 'unreported VRAM' : `${nominalVramGb(g)} GB`}`);
        return `needs ${desc}; found ${joinAnd(each)}`;
      }
      const top = best(gpus, (a, b) => (nominalVramGb(a) ?? -1) > (nominalVramGb(b) ?? -1));
      const gb = top ? nominalVramGb(top) : undefined;
      if (!top || gb === undefined) return `needs ${desc}; the VRAM of ${joinAnd(gpus.map((g) => g.model))} was not reported`;
      return `needs ${desc}; found ${gb} GB (${top.model})`;
    },
  };
}

function criteria(req: GpuRequirement): Criterion[] {
  const list: Criterion[] = [];
  const desc = describeGpuRequirement(req);
  const driverName = req.vendor === 'nvidia' ? 'NVIDIA driver' : 'GPU driver';
  if (req.minVramGb !== undefined) list.push(vramCriterion(req, req.minVramGb, desc));
  if (req.minCuda !== undefined) {
    const min = req.minCuda;
    list.push({
      // Without a driver there is no CUDA at all; a driver that answers but names no CUDA version
      // (before 410) leaves it unknown.
      judge: (gpu) => (gpu.driver === undefined ? 'short' : versionOutcome(gpu.cuda, min)),
      reason: (gpus) =>
        `needs CUDA ${min} or newer; found ${
          best(
            gpus.map((g) => g.cuda),
            newer,
          ) ?? 'no CUDA driver'
        }`,
      unchecked: (gpus) => `could not check CUDA ${min} or newer: the driver of ${joinAnd(gpus.map((g) => g.model))} did not report its CUDA version`,
    });
  }
  if (req.minDriver !== undefined) {
    const min = req.minDriver;
    list.push({
      judge: (gpu) => (atLeast(gpu.driver, min) ? 'met' : 'short'),
      reason: (gpus) =>
        `needs ${driverName} ${min} or newer; found ${
          best(
            gpus.map((g) => g.driver),
            newer,
          ) ?? 'no driver'
        }`,
    });
  }
  if (req.minComputeCapability !== undefined) {
    const min = req.minComputeCapability;
    list.push({
      judge: (gpu) => versionOutcome(gpu.computeCapability, min),
      reason: (gpus) =>
        `needs compute capability ${min} or newer; found ${
          best(
            gpus.map((g) => g.computeCapability),
            newer,
          ) ?? 'none'
        }`,
      unchecked: (gpus) => {
        const old = gpus.filter((g) => g.driver !== undefined && (compareVersions(g.driver, FIRST_DRIVER_WITH_COMPUTE_CAP) ?? 0) < 0);
        const why =
          old.length === gpus.length
            ? `driver ${joinAnd([...new Set(old.map((g) => g.driver as string))])} does not report it (NVIDIA drivers report it from ${FIRST_DRIVER_WITH_COMPUTE_CAP} on)`
            : 'it was not reported';
        return `could not check compute capability ${min} or newer for ${joinAnd(gpus.map((g) => g.model))}: ${why}`;
      },
    });
  }
  return list;
}

function migNotes(gpus: HardwareGpu[]): string[] {
  return gpus
    .filter((gpu) => gpu.mig?.enabled)
    .map((gpu) => {
      const slices = gpu.mig?.devices === undefined ? '' : ` (${gpu.mig.devices} slice${gpu.mig.devices === 1 ? '' : 's'})`;
      return `MIG is enabled on ${gpu.model}${gpu.busId ? ` at ${gpu.busId}` : ''}${slices}: a node gets one MIG slice with part of the memory, not the whole GPU; turn MIG off (nvidia-smi -mig 0) to give it the whole card`;
    });
}

/** What the machine's GPUs lack for the requirement (`reasons`), and what could not be checked (`notes`). */
export function checkGpu(req: GpuRequirement, hw: HardwareProfile): { reasons: string[]; notes: string[] } {
  const count = req.count ?? 1;
  const desc = describeGpuRequirement(req);
  const candidates = hw.gpus.filter((gpu) => req.vendor === 'any' || gpu.vendor === req.vendor);
  if (candidates.length === 0) {
    const others = hw.gpus.map((gpu) => gpu.model);
    return { reasons: [`needs ${desc}; found ${others.length ? `only ${joinAnd(others)}` : 'none'}`], notes: [] };
  }
  if (candidates.length < count) return { reasons: [`needs ${desc}; found ${candidates.length} (${joinAnd(candidates.map((g) => g.model))})`], notes: [] };

  // Unknown is not a failure: a GPU counts unless a value it reported falls short.
  const rules = criteria(req);
  const passes = (rule: Criterion) => (gpu: HardwareGpu) => rule.judge(gpu) !== 'short';
  const reasons = rules.filter((rule) => candidates.filter(passes(rule)).length < count).map((rule) => rule.reason(candidates));
  const complete = candidates.filter((gpu) => rules.every((rule) => passes(rule)(gpu)));
  if (reasons.length === 0 && complete.length < count) {
    const shortfall = count === 1 ? 'no single GPU here meets' : `only ${complete.length} GPU${complete.length === 1 ? ' here meets' : 's here meet'}`;
    reasons.push(`needs ${desc}; ${shortfall} every GPU requirement at once`);
  }
  // Say what was taken on trust. When the machine qualifies, only for the GPUs that would be used
  // (those meeting everything outright first); otherwise for every candidate.
  const sure = complete.filter((gpu) => rules.every((rule) => rule.judge(gpu) === 'met'));
  const judged = reasons.length > 0 ? candidates : [...sure, ...complete.filter((gpu) => !sure.includes(gpu))].slice(0, count);
  const notes = rules
    .map((rule) => ({ rule, gpus: judged.filter((gpu) => rule.judge(gpu) === 'unknown') }))
    .filter(({ rule, gpus }) => gpus.length > 0 && rule.unchecked)
    .map(({ rule, gpus }) => (rule.unchecked as (g: HardwareGpu[]) => string)(gpus));
  return { reasons, notes: [...notes, ...migNotes(judged)] };
}
