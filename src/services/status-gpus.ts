/**
 * The GPU block of `depin status` (table, `--json`) and of the daemon's `/status`: one entry per
 * NVIDIA GPU with utilisation, memory, temperature and power draw from a fresh sample.
 */
import type { GpuReading, GpuSample } from '../core/gpu-sample.js';
import { samplePowerOnce } from './power-sampling.js';

/** One GPU in the status document; figures the driver does not give are null. */
export interface StatusGpu extends GpuSample {
  /** When the sample was taken (ISO 8601, UTC). */
  sampledAt: string;
}

export function statusGpus(reading: GpuReading | undefined): StatusGpu[] {
  if (!reading) return [];
  const sampledAt = new Date(reading.at).toISOString();
  return reading.gpus.map((g) => ({ ...g, sampledAt }));
}

/** Samples the GPUs for a status run and keeps the sample in the history; [] without nvidia-smi. */
export async function readStatusGpus(dbFile: string, env: NodeJS.ProcessEnv): Promise<{ gpus: StatusGpu[]; problem?: string }> {
  const result = await samplePowerOnce(dbFile, { env });
  return { gpus: statusGpus(result.reading), ...(result.problem ? { problem: result.problem } : {}) };
}
