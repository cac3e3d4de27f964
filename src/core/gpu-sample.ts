/**
 * Pure parser for the GPU sample query: power draw, utilisation, memory and temperature of every
 * NVIDIA GPU, as `nvidia-smi --query-gpu=<GPU_SAMPLE_FIELDS> --format=csv,noheader,nounits` prints
 * them. No I/O here; `src/system/gpu-sampler.ts` runs the tool.
 */
import { cleanValue } from '../hardware/parse-nvidia-smi.js';
import type { Result } from '../domain/result.js';

/** The fields asked for, in the order the columns come back (there is no header line to go by). */
export const GPU_SAMPLE_FIELDS = [
  'index',
  'uuid',
  'name',
  'power.draw',
  'power.limit',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'temperature.gpu',
] as const;

/** The argv of the sample query. */
export function gpuSampleArgs(): string[] {
  return [`--query-gpu=${GPU_SAMPLE_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
}

/**
 * One GPU at one moment. A figure the driver does not give (`[N/A]`, `[Not Supported]`: power on
 * many GeForce cards of old, utilisation of a GPU with MIG on, which nvidia-smi reports per slice
 * only) is null, never zero.
 */
export interface GpuSample {
  index: number;
  /** Absent only when the driver gives none. */
  uuid: string | null;
  name: string;
  powerW: number | null;
  powerLimitW: number | null;
  /** Percent of time a kernel ran, 0 to 100. */
  utilizationPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
}

/** Every GPU sampled at one time (epoch milliseconds). */
export interface GpuReading {
  at: number;
  gpus: GpuSample[];
}

// nvidia-smi says this on stdout when it runs on a machine whose GPUs it cannot see.
const NO_DEVICES = /^No devices were found\.?$/i;

/**
 * Parses the sample query's output. Blank lines are skipped; "No devices were found" is no GPUs.
 * Anything else that is not a row of the expected fields (a driver message such as "NVIDIA-SMI has
 * failed because it couldn't communicate with the NVIDIA driver", a row with a field missing, a
 * number that is not one) rejects the whole output with a reason that quotes the line, so a
 * half-understood reading is never stored.
 */
export function parseGpuSamples(text: string): Result<GpuSample[]> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 1 && NO_DEVICES.test(lines[0])) return { ok: true, value: [] };
  const samples: GpuSample[] = [];
  for (const [n, line] of lines.entries()) {
    const parsed = parseLine(line);
    if (!parsed.ok) return { ok: false, error: `line ${n + 1} of nvidia-smi's output ${parsed.error}: "${clip(line)}"` };
    if (samples.some((s) => s.index === parsed.value.index))
      return { ok: false, error: `line ${n + 1} of nvidia-smi's output repeats GPU ${parsed.value.index}: "${clip(line)}"` };
    samples.push(parsed.value);
  }
  return { ok: true, value: samples };
}

function parseLine(line: string): Result<GpuSample> {
  let cells = line.split(',').map((cell) => cell.trim());
  const expected = GPU_SAMPLE_FIELDS.length;
  // A GPU name could hold a comma; the name takes whatever is left between its neighbours.
  const nameAt = GPU_SAMPLE_FIELDS.indexOf('name');
  if (cells.length > expected) {
    const extra = cells.length - expected;
    cells = [...cells.slice(0, nameAt), cells.slice(nameAt, nameAt + extra + 1).join(', '), ...cells.slice(nameAt + extra + 1)];
  }
  if (cells.length < expected)
    return { ok: false, error: `has ${cells.length} field${cells.length === 1 ? '' : 's'}, not the ${expected} asked for (${GPU_SAMPLE_FIELDS.join(', ')})` };
  const [index, uuid, name, ...figures] = cells;
  if (!/^\d+$/.test(index)) return { ok: false, error: `has "${clip(index)}" where the GPU index belongs` };
  const numbers: (number | null)[] = [];
  for (const [i, cell] of figures.entries()) {
    const value = cleanValue(cell);
    if (value === undefined) {
      numbers.push(null);
      continue;
    }
    // nounits leaves bare numbers; a unit or prose here means the output is not what was asked for.
    if (!/^-?\d+(\.\d+)?$/.test(value)) return { ok: false, error: `has "${clip(value)}" where ${GPU_SAMPLE_FIELDS[i + 3]} (a number) belongs` };
    numbers.push(Number(value));
  }
  const [powerW, powerLimitW, utilizationPercent, memoryUsedMiB, memoryTotalMiB, temperatureC] = numbers;
  return {
    ok: true,
    value: {
      index: Number(index),
      uuid: cleanValue(uuid) ?? null,
      name: cleanValue(name) ?? `GPU ${index}`,
      powerW,
      powerLimitW,
      utilizationPercent,
      memoryUsedMiB,
      memoryTotalMiB,
      temperatureC,
    },
  };
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
