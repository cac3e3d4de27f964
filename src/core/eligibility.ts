/**
 * The one eligibility matcher: a network's requirement table (plus its optional pure rule) against a
 * hardware profile. Pure: no I/O, so `detect`, `networks` and `join` all judge the same way.
 */
import type { Category, EligibilityExtra, HardwareProfile, JoinKind, PluginManifest, Requirements, Verdict } from '../plugin-api/types.js';
import { checkDisk } from './eligibility-disk.js';
import { checkGpu } from './eligibility-gpu.js';
import { joinAnd, joinOr, normalizeArch, normalizeOs, osLabel } from './eligibility-text.js';
import { formatGb, BYTES_PER_GB } from './format-bytes.js';

/** The judgement for one network on one machine. */
export interface NetworkVerdict {
  id: string;
  name: string;
  category: Category;
  joinKind: JoinKind;
  /** True only when every requirement is met and no dedicated device is needed. */
  eligible: boolean;
  verdict: Verdict;
  /** Why the machine falls short, one sentence per requirement, each naming what was found. */
  reasons: string[];
  /** What could not be judged here (ports, bandwidth) and caveats; they do not change the verdict. */
  notes: string[];
}

/** What the matcher needs of a plugin: its manifest, requirement table and optional pure rule. */
export interface EligibilityInput {
  manifest: PluginManifest;
  requirements: Requirements;
  eligibility?: (hw: HardwareProfile) => EligibilityExtra;
}

type Check = (req: Requirements, hw: HardwareProfile) => { reasons?: string[]; notes?: string[] };

const checkOs: Check = (req, hw) => {
  if (!req.os || req.os.length === 0) return {};
  const os = normalizeOs(hw.os.platform);
  if (os && req.os.includes(os)) return {};
  return { reasons: [`needs ${joinOr(req.os.map(osLabel))}; found ${osLabel(hw.os.platform)}`] };
};

const checkArch: Check = (req, hw) => {
  if (!req.arch || req.arch.length === 0) return {};
  const arch = normalizeArch(hw.os.arch);
  if (arch && req.arch.includes(arch)) return {};
  // Every arch name starts with a vowel sound ("ex sixty-four", "arm").
  return { reasons: [`needs an ${joinOr(req.arch)} CPU; found ${hw.os.arch}`] };
};

const checkCpu: Check = (req, hw) => {
  const reasons: string[] = [];
  // Logical CPUs are what container and Kubernetes schedulers hand out, so they are what counts.
  if (req.cpuCores !== undefined && hw.cpu.threads < req.cpuCores) {
    const physical = hw.cpu.physicalCores !== hw.cpu.threads ? ` (${hw.cpu.physicalCores} physical)` : '';
    reasons.push(`needs ${req.cpuCores} CPU cores; found ${hw.cpu.threads}${physical}`);
  }
  if (req.cpuFlags && req.cpuFlags.length > 0) {
    const have = new Set(hw.cpu.flags.map((f) => f.toLowerCase()));
    const missing = req.cpuFlags.filter((f) => !have.has(f.toLowerCase()));
    if (missing.length > 0) {
      reasons.push(
        req.cpuFlags.length === 1
          ? `needs the CPU flag ${req.cpuFlags[0]}; this CPU lacks it`
          : `needs the CPU flags ${joinAnd(req.cpuFlags)}; this CPU lacks ${joinAnd(missing)}`,
      );
    }
  }
  return { reasons };
};

const checkMemory: Check = (req, hw) => {
  if (req.memoryGb === undefined || hw.memory.totalBytes >= req.memoryGb * BYTES_PER_GB) return {};
  return { reasons: [`needs ${req.memoryGb} GB RAM; found ${formatGb(hw.memory.totalBytes, 'down')}`] };
};

const checkGpuRequirement: Check = (req, hw) => (req.gpu ? checkGpu(req.gpu, hw) : {});

const checkRuntimes: Check = (req, hw) => {
  const r = hw.runtimes;
  const reasons: string[] = [];
  const notes: string[] = [];
  if (req.containerRuntime) {
    if (!r.docker.installed && !r.podman.installed) reasons.push('needs Docker or Podman; found neither');
    else if (r.docker.installed && !r.docker.daemon && !r.podman.installed) {
      notes.push('Docker is installed but its daemon did not answer: start it, or let this user use it, before joining');
    }
  }
  if (req.gpuContainerToolkit && !r.nvidiaContainerToolkit) reasons.push('needs the NVIDIA Container Toolkit; not found');
  if (req.systemd && !r.systemd) reasons.push('needs systemd; this machine does not run it');
  if (req.kubernetes && !r.kubectl.installed) reasons.push('needs kubectl (Kubernetes); not found');
  if (req.helm && !r.helm.installed) reasons.push('needs Helm; not found');
  return { reasons, notes };
};

const checkNetwork: Check = (req, hw) => {
  const reasons: string[] = [];
  const notes: string[] = [];
  const unchecked: string[] = [];
  for (const want of req.ports ?? []) {
    const label = `${want.port}/${want.protocol}`;
    const seen = hw.network.ports?.find((p) => p.port === want.port && p.protocol === want.protocol);
    if (!seen) unchecked.push(label);
    else if (seen.reachable === false) reasons.push(`needs port ${label} open to the internet; ${seen.reason ?? 'it is not reachable'}`);
    else if (seen.reachable === null) notes.push(`needs port ${label} open to the internet; could not confirm it: ${seen.reason ?? 'no answer'}`);
  }
  if (unchecked.length > 0) {
    notes.push(`needs port${unchecked.length > 1 ? 's' : ''} ${joinAnd(unchecked)} open to the internet (not checked)`);
  }
  if (req.bandwidth) notes.push(`needs at least ${req.bandwidth.downMbps} Mbps down and ${req.bandwidth.upMbps} Mbps up (not measured)`);
  return { reasons, notes };
};

const CHECKS: Check[] = [checkOs, checkArch, checkCpu, checkMemory, checkDisk, checkGpuRequirement, checkRuntimes, checkNetwork];

/** Judges one network against one machine. Never throws, even when the plugin's own rule does. */
export function evaluateEligibility(plugin: EligibilityInput, hw: HardwareProfile): NetworkVerdict {
  const req = plugin.requirements;
  const reasons: string[] = [];
  const notes: string[] = [...(req.notes ?? [])];
  if (req.dedicatedHardware) reasons.push(`needs dedicated hardware: ${req.dedicatedHardware}`);
  for (const check of CHECKS) {
    const result = check(req, hw);
    reasons.push(...(result.reasons ?? []));
    notes.push(...(result.notes ?? []));
  }
  if (plugin.eligibility) {
    try {
      const extra = plugin.eligibility(hw);
      reasons.push(...(extra.reasons ?? []));
      notes.push(...(extra.notes ?? []));
    } catch (error) {
      reasons.push(`the network's own eligibility rule failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const verdict: Verdict = req.dedicatedHardware ? 'dedicated-hardware' : reasons.length > 0 ? 'not-eligible' : 'eligible';
  const { id, name, category, joinKind } = plugin.manifest;
  return { id, name, category, joinKind, eligible: verdict === 'eligible', verdict, reasons, notes };
}

/** Eligible networks first, then by name (then id, so the order is stable). Returns a new array. */
export function sortVerdicts(verdicts: readonly NetworkVerdict[]): NetworkVerdict[] {
  return [...verdicts].sort((a, b) => {
    if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
    return a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);
  });
}
