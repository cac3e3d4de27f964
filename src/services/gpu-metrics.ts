import { Gauge, type Registry } from 'prom-client';
import type { GpuReading, GpuSample } from '../core/gpu-sample.js';

const LABELS = ['gpu', 'uuid', 'name'] as const;
const MIB = 1024 * 1024;

type Figure = (g: GpuSample) => number | null;

/**
 * The daemon's GPU series, from the latest sample. Each reading replaces the previous one whole:
 * a GPU gone from the machine, or a figure the driver stopped giving, has no series rather than a
 * stale or zero one.
 */
export class GpuMetrics {
  private readonly gauges: [Gauge<(typeof LABELS)[number]>, Figure][];
  private readonly lastSample: Gauge;

  constructor(registry: Registry) {
    const gauge = (name: string, help: string, figure: Figure): [Gauge<(typeof LABELS)[number]>, Figure] => [
      new Gauge({ name, help, labelNames: LABELS, registers: [registry] }),
      figure,
    ];
    this.gauges = [
      gauge('depin_gpu_power_draw_watts', 'Power the GPU draws, as nvidia-smi reports it', (g) => g.powerW),
      gauge('depin_gpu_power_limit_watts', 'Power limit of the GPU', (g) => g.powerLimitW),
      gauge('depin_gpu_utilization_ratio', 'Share of time the GPU ran a kernel, 0 to 1 (absent with MIG on)', (g) =>
        g.utilizationPercent === null ? null : g.utilizationPercent / 100,
      ),
      gauge('depin_gpu_memory_used_bytes', 'GPU memory in use', (g) => (g.memoryUsedMiB === null ? null : g.memoryUsedMiB * MIB)),
      gauge('depin_gpu_memory_total_bytes', 'GPU memory in all', (g) => (g.memoryTotalMiB === null ? null : g.memoryTotalMiB * MIB)),
      gauge('depin_gpu_temperature_celsius', 'GPU core temperature', (g) => g.temperatureC),
    ];
    this.lastSample = new Gauge({
      name: 'depin_gpu_last_sample_timestamp_seconds',
      help: 'Unix time of the last GPU sample that nvidia-smi answered',
      registers: [registry],
    });
  }

  observe(reading: GpuReading): void {
    for (const [g] of this.gauges) g.reset();
    for (const gpu of reading.gpus) {
      const labels = { gpu: String(gpu.index), uuid: gpu.uuid ?? '', name: gpu.name };
      for (const [g, figure] of this.gauges) {
        const value = figure(gpu);
        if (value !== null) g.set(labels, value);
      }
    }
    if (reading.gpus.length > 0) this.lastSample.set(Math.floor(reading.at / 1000));
  }
}
