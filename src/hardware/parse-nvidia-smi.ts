/**
 * Pure parsers for nvidia-smi output: the CSV of `--query-gpu` and the banner that plain
 * `nvidia-smi` (or `nvidia-smi --version`) prints. The XML of `-q -x` is in parse-nvidia-xml.ts.
 * No I/O here; `probe-gpus.ts` runs the tool.
 */
import type { HardwareGpu } from '../plugin-api/types.js';

const IDENTITY = ['index', 'name', 'uuid', 'pci.bus_id', 'memory.total'] as const;

/**
 * The `--query-gpu` field lists depin asks, best first. A driver refuses a whole query when it does
 * not know one of its fields, so all three are asked at once and the first answered is used:
 * `kmd_version` replaces the deprecated `driver_version` from driver 595 on (610 marks the old name
 * for removal), `compute_cap` and `mig.mode.current` need drivers 510 and 450, and the last list is
 * known to every driver.
 */
export const NVIDIA_QUERIES: readonly (readonly string[])[] = [
  [...IDENTITY, 'kmd_version', 'compute_cap', 'ecc.mode.current', 'mig.mode.current'],
  [...IDENTITY, 'driver_version', 'compute_cap', 'ecc.mode.current', 'mig.mode.current'],
  [...IDENTITY, 'driver_version', 'ecc.mode.current'],
];

/** The argv for a CSV query of `fields`, with its header line so columns are found by name. */
export function nvidiaQueryArgs(fields: readonly string[]): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,nounits'];
}

/** One GPU as nvidia-smi reports it; absent fields were `[N/A]`, `[Not Supported]` or not asked for. */
export interface NvidiaGpuRow {
  index?: number;
  name?: string;
  uuid?: string;
  busId?: string;
  memoryMib?: number;
  driver?: string;
  computeCapability?: string;
  /** ECC on (true), off or unsupported (false); absent when the mode could not be read. */
  ecc?: boolean;
  mig?: { enabled: boolean; devices?: number };
}

/** Facts that nvidia-smi reports once per machine rather than per GPU. */
export interface NvidiaSystemInfo {
  driver?: string;
  cuda?: string;
}

/** A value, or undefined for nvidia-smi's ways of saying there is none. */
export function cleanValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions|GPU requires reset|Requested functionality has been deprecated)\]?$/i.test(v))
    return undefined;
  return v;
}

/**
 * The version number at the start of a value: "610.57.04 [Deprecated; …]" gives "610.57.04";
 * `Deprecated, see "KMD version" instead` and other prose give undefined.
 */
export function leadingVersion(value: string | undefined): string | undefined {
  return /^\d+(?:\.\d+)*/.exec(cleanValue(value) ?? '')?.[0];
}

/** A number with any unit after it ("24564 MiB", "24564"). */
export function leadingNumber(value: string | undefined): number | undefined {
  const v = cleanValue(value);
  if (v === undefined) return undefined;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : undefined;
}

/** "Enabled" → true; "Disabled" or not supported → false; anything else (an error) → undefined. */
export function modeOn(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().replace(/^\[|\]$/g, '');
  if (/^enabled$/i.test(v)) return true;
  if (/^(disabled|N\/A|Not Supported)$/i.test(v)) return false;
  return undefined;
}

/** A header cell without its unit: "memory.total [MiB]" → "memory.total". */
function fieldName(header: string): string {
  return header.trim().replace(/\s*\[[^\]]*\]$/, '');
}

/**
 * Parses `--format=csv` output with its header line (units or not). Columns are found by name,
 * so output with more columns than asked for parses the same. Cells are separated by ", "; a GPU
 * name could in principle hold that separator, so the name takes whatever is left between its
 * neighbours.
 */
export function parseNvidiaQueryCsv(text: string): NvidiaGpuRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(', ').map(fieldName);
  if (!header.includes('index') && !header.includes('name')) return [];
  const nameAt = header.indexOf('name');
  const rows: NvidiaGpuRow[] = [];
  for (const line of lines) {
    let parts = line.split(', ');
    if (parts.length < header.length) continue;
    if (parts.length > header.length && nameAt >= 0) {
      const extra = parts.length - header.length;
      parts = [...parts.slice(0, nameAt), parts.slice(nameAt, nameAt + extra + 1).join(', '), ...parts.slice(nameAt + extra + 1)];
    }
    const get = (field: string): string | undefined => {
      const at = header.indexOf(field);
      return at < 0 ? undefined : parts[at];
    };
    const index = leadingNumber(get('index'));
    // MIG "[N/A]" means the card has no MIG at all, which is not the same as MIG switched off.
    const mig = cleanValue(get('mig.mode.current')) === undefined ? undefined : modeOn(get('mig.mode.current'));
    rows.push(
      withoutUndefined({
        index: index === undefined ? undefined : Math.trunc(index),
        name: cleanValue(get('name')),
        uuid: cleanValue(get('uuid')),
        busId: cleanValue(get('pci.bus_id')),
        memoryMib: leadingNumber(get('memory.total')),
        driver: leadingVersion(get('kmd_version')) ?? leadingVersion(get('driver_version')),
        computeCapability: leadingVersion(get('compute_cap')),
        ecc: modeOn(get('ecc.mode.current')),
        mig: mig === undefined ? undefined : { enabled: mig },
      }),
    );
  }
  return rows;
}

/** The object without its undefined properties, so rows compare and serialise cleanly. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Reads the driver and CUDA version from the table plain `nvidia-smi` prints, or from
 * `nvidia-smi --version`. Driver 610 labels them "KMD Version" and "CUDA UMD Version" and marks the
 * old labels deprecated; both spellings are read, the new one first.
 */
export function parseNvidiaBanner(text: string): NvidiaSystemInfo {
  const find = (label: string) => new RegExp(`\\b${label}\\s*:\\s*(\\d+(?:\\.\\d+)*)`, 'i').exec(text)?.[1];
  return withoutUndefined({ driver: find('KMD Version') ?? find('Driver Version'), cuda: find('CUDA UMD Version') ?? find('CUDA Version') });
}

/** Turns nvidia-smi rows plus machine-wide facts into the profile's GPU entries. */
export function nvidiaRowsToGpus(rows: readonly NvidiaGpuRow[], info: NvidiaSystemInfo): HardwareGpu[] {
  return rows.map((row) => {
    const gpu: HardwareGpu = { vendor: 'nvidia', model: row.name ?? 'NVIDIA GPU' };
    if (row.memoryMib !== undefined) gpu.vramMb = Math.round(row.memoryMib);
    const driver = row.driver ?? info.driver;
    if (driver) gpu.driver = driver;
    if (info.cuda) gpu.cuda = info.cuda;
    if (row.computeCapability) gpu.computeCapability = row.computeCapability;
    if (row.uuid) gpu.uuid = row.uuid;
    if (row.busId) gpu.busId = row.busId;
    if (row.ecc !== undefined) gpu.ecc = row.ecc;
    if (row.mig) gpu.mig = row.mig;
    return gpu;
  });
}
