/** Pure helpers for `depin status`. */

export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${seconds}s`;
}

/**
 * Whether a node needs attention: exit 5 and an alert. A node the person stopped with `depin stop`
 * is as they left it, not a fault.
 */
export function needsAttention(node: { state: string; stoppedByUser: boolean }): boolean {
  if (node.state === 'running') return false;
  if (node.state === 'stopped') return !node.stoppedByUser;
  return true;
}

/** The figures of one GPU that the status table shows; null where the driver gives none. */
export interface GpuFigures {
  index: number;
  name: string;
  utilizationPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
  powerW: number | null;
  powerLimitW: number | null;
}

export const GPU_TABLE_HEAD = ['gpu', 'name', 'utilisation', 'memory', 'temperature', 'power'];

// "n/a" rather than 0: with MIG on the driver gives no whole-GPU utilisation, and some cards no power.
const figure = (value: number | null, unit: string, digits = 0) => (value === null ? 'n/a' : `${value.toFixed(digits)} ${unit}`);

/** One table row per GPU, in nvidia-smi's own units (MiB, W, °C). */
export function gpuTableRows(gpus: readonly GpuFigures[]): string[][] {
  return gpus.map((g) => {
    const memory =
      g.memoryUsedMiB === null && g.memoryTotalMiB === null
        ? 'n/a'
        : `${g.memoryUsedMiB === null ? 'n/a' : Math.round(g.memoryUsedMiB)} / ${g.memoryTotalMiB === null ? 'n/a' : Math.round(g.memoryTotalMiB)} MiB`;
    const power = g.powerW === null ? 'n/a' : g.powerLimitW === null ? figure(g.powerW, 'W', 1) : `${g.powerW.toFixed(1)} / ${g.powerLimitW.toFixed(0)} W`;
    return [String(g.index), g.name, figure(g.utilizationPercent, '%'), memory, figure(g.temperatureC, '°C'), power];
  });
}
