/**
 * Pure parsers for nvidia-smi output: the CSV of `--query-gpu`, the XML of `-q -x`, and the banner
 * that plain `nvidia-smi` prints. No I/O here; `probe-gpus.ts` runs the tool.
 */
import type { HardwareGpu } from '../plugin-api/types.js';

/** The fields depin asks `nvidia-smi --query-gpu` for, in this order. */
export const NVIDIA_QUERY_FIELDS = ['index', 'name', 'uuid', 'pci.bus_id', 'memory.total', 'driver_version', 'compute_cap'] as const;
export type NvidiaQueryField = (typeof NVIDIA_QUERY_FIELDS)[number];

/** The argv for a CSV query of `fields` (drivers older than 510 do not know `compute_cap`). */
export function nvidiaQueryArgs(fields: readonly NvidiaQueryField[] = NVIDIA_QUERY_FIELDS): string[] {
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
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
}

/** Facts that nvidia-smi reports once per machine rather than per GPU. */
export interface NvidiaSystemInfo {
  driver?: string;
  cuda?: string;
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions|GPU requires reset)\]?$/i.test(v)) return undefined;
  return v;
}

function toNumber(value: string | undefined): number | undefined {
  const v = clean(value);
  if (v === undefined) return undefined;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Parses `--format=csv,noheader,nounits` output. Fields are separated by ", "; a GPU name could in
 * principle hold that separator, so the name takes whatever is left between its neighbours.
 */
export function parseNvidiaQueryCsv(text: string, fields: readonly NvidiaQueryField[] = NVIDIA_QUERY_FIELDS): NvidiaGpuRow[] {
  const rows: NvidiaGpuRow[] = [];
  const nameAt = fields.indexOf('name');
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    let parts = line.split(', ');
    if (parts.length < fields.length) continue;
    if (parts.length > fields.length && nameAt >= 0) {
      const extra = parts.length - fields.length;
      parts = [...parts.slice(0, nameAt), parts.slice(nameAt, nameAt + extra + 1).join(', '), ...parts.slice(nameAt + extra + 1)];
    }
    const get = (field: NvidiaQueryField): string | undefined => {
      const at = fields.indexOf(field);
      return at < 0 ? undefined : parts[at];
    };
    const index = toNumber(get('index'));
    rows.push({
      index: index === undefined ? undefined : Math.trunc(index),
      name: clean(get('name')),
      uuid: clean(get('uuid')),
      busId: clean(get('pci.bus_id')),
      memoryMib: toNumber(get('memory.total')),
      driver: clean(get('driver_version')),
      computeCapability: clean(get('compute_cap')),
    });
  }
  return rows;
}

/** True when a failed query complained about `compute_cap`, which drivers before 510 lack. */
export function queryRejectedComputeCap(output: string): boolean {
  return /compute_cap/i.test(output) && /not a valid field|invalid/i.test(output);
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? clean(decodeXml(m[1] ?? '')) : undefined;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Parses `nvidia-smi -q -x`: driver and CUDA version, and each GPU's name, uuid, bus id and memory. */
export function parseNvidiaXml(xml: string): NvidiaSystemInfo & { gpus: NvidiaGpuRow[] } {
  const head = xml.split(/<gpu[\s>]/)[0] ?? '';
  const gpus: NvidiaGpuRow[] = [];
  const gpuBlocks = xml.matchAll(/<gpu(?:\s+id="([^"]*)")?\s*>([\s\S]*?)<\/gpu>/g);
  let index = 0;
  for (const [, id, body = ''] of gpuBlocks) {
    const fb = /<fb_memory_usage>([\s\S]*?)<\/fb_memory_usage>/.exec(body)?.[1] ?? '';
    gpus.push({
      index: index++,
      name: tag(body, 'product_name'),
      uuid: tag(body, 'uuid'),
      busId: tag(body, 'pci_bus_id') ?? clean(id),
      memoryMib: toNumber(tag(fb, 'total')),
    });
  }
  return { driver: tag(head, 'driver_version'), cuda: tag(head, 'cuda_version'), gpus };
}

/** Reads the driver and CUDA version from the table plain `nvidia-smi` prints. */
export function parseNvidiaBanner(text: string): NvidiaSystemInfo {
  const driver = /Driver Version:\s*([0-9][0-9.]*)/.exec(text)?.[1];
  const cuda = /CUDA Version:\s*([0-9][0-9.]*)/.exec(text)?.[1];
  return { driver, cuda };
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
    return gpu;
  });
}
