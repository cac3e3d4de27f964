/**
 * Samples NVIDIA GPUs (power draw, utilisation, memory, temperature) by running nvidia-smi once.
 * A machine without nvidia-smi has no GPUs to sample: that is an empty reading, not an error.
 */
import { gpuSampleArgs, parseGpuSamples, type GpuReading } from '../core/gpu-sample.js';
import { runTool } from './exec.js';
import { which } from './which.js';

/** A reading, and why it is empty when nvidia-smi is there but gave nothing usable. */
export interface GpuSampleOutcome {
  reading: GpuReading;
  /** Set when nvidia-smi exists but failed, hung or answered something unreadable. */
  problem?: string;
}

export interface GpuSamplerOptions {
  env?: NodeJS.ProcessEnv;
  /** nvidia-smi answers in well under a second; a wedged driver can hang it for minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export const GPU_SAMPLE_TIMEOUT_MS = 5000;

export async function sampleGpus(options: GpuSamplerOptions = {}): Promise<GpuSampleOutcome> {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const smi = which('nvidia-smi', env);
  if (!smi) return { reading: { at: now(), gpus: [] } };
  const at = now();
  const ran = await runTool(smi, gpuSampleArgs(), { timeoutMs: options.timeoutMs ?? GPU_SAMPLE_TIMEOUT_MS, env, signal: options.signal });
  if (!ran.ok) return { reading: { at, gpus: [] }, problem: ran.reason };
  if (ran.exitCode !== 0) {
    const said = (ran.stdout.trim() || ran.stderr.trim()).split(/\r?\n/)[0] ?? '';
    // Exit 6 with "No devices were found" is a machine with the tool but no GPU.
    if (/^No devices were found/i.test(said)) return { reading: { at, gpus: [] } };
    return { reading: { at, gpus: [] }, problem: `nvidia-smi exited with code ${ran.exitCode}${said ? `: ${said}` : ''}` };
  }
  const parsed = parseGpuSamples(ran.stdout);
  if (!parsed.ok) return { reading: { at, gpus: [] }, problem: parsed.error };
  return { reading: { at, gpus: parsed.value } };
}
