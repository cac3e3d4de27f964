/**
 * Takes a GPU sample and keeps it in the history, for the daemon's every health cycle and for each
 * `depin status` and `depin earnings` run. Best-effort throughout: sampling never fails the command
 * or the cycle that asked for it; what went wrong comes back as `problem` for a log line.
 */
import type { GpuReading } from '../core/gpu-sample.js';
import type { PowerSamplesDb } from '../store/power-samples-db.js';
import { sampleGpus, type GpuSamplerOptions } from '../system/gpu-sampler.js';

export interface PowerSampleResult {
  reading: GpuReading;
  /** GPUs stored (0 when there were none or the store failed). */
  stored: number;
  problem?: string;
}

/** Samples the GPUs and appends them to an open store (the daemon keeps one open). */
export async function sampleAndStore(store: PowerSamplesDb, options: GpuSamplerOptions = {}): Promise<PowerSampleResult> {
  const { reading, problem } = await sampleGpus(options).catch((error: unknown) => ({
    reading: { at: Date.now(), gpus: [] },
    problem: `GPU sampling failed: ${(error as Error).message}`,
  }));
  try {
    return { reading, stored: store.append(reading), ...(problem ? { problem } : {}) };
  } catch (error) {
    return { reading, stored: 0, problem: `GPU samples not stored: ${(error as Error).message}` };
  }
}

/**
 * One sample for a command run. The history is opened only when there is a GPU to store, so a
 * machine without nvidia-smi pays for a PATH lookup and nothing more.
 */
export async function samplePowerOnce(dbFile: string, options: GpuSamplerOptions = {}): Promise<PowerSampleResult> {
  try {
    const { reading, problem } = await sampleGpus(options);
    if (reading.gpus.length === 0) return { reading, stored: 0, ...(problem ? { problem } : {}) };
    const { openPowerSamples } = await import('../store/power-samples-db.js');
    let store: PowerSamplesDb | undefined;
    try {
      store = await openPowerSamples(dbFile);
      return { reading, stored: store.append(reading) };
    } catch (error) {
      return { reading, stored: 0, problem: `GPU samples not stored: ${(error as Error).message}` };
    } finally {
      store?.close();
    }
  } catch (error) {
    return { reading: { at: Date.now(), gpus: [] }, stored: 0, problem: `GPU sampling failed: ${(error as Error).message}` };
  }
}
