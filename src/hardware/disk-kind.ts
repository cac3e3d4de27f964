/**
 * Which kind of disk (HDD, SSD, NVMe) holds a mounted filesystem. Pure: it reads `lsblk --json`
 * output or systeminformation's block device list, never the system.
 */
import type { DiskKind } from '../plugin-api/types.js';

/** The argv depin gives lsblk: a JSON tree with full device paths, so LVM and RAID map to their disks. */
export const LSBLK_ARGS = ['--json', '--paths', '--output', 'NAME,TYPE,ROTA,TRAN,MOUNTPOINT'] as const;

interface LsblkNode {
  name?: string;
  type?: string;
  rota?: boolean | string | number | null;
  tran?: string | null;
  mountpoint?: string | null;
  children?: LsblkNode[];
}

/** Disk kinds found by mount point and by device path. */
export interface DiskKindIndex {
  byMount: Record<string, DiskKind>;
  byDevice: Record<string, DiskKind>;
}

function rotational(value: LsblkNode['rota']): boolean | undefined {
  // util-linux before 2.33 writes "0"/"1" strings; later versions write booleans.
  if (value === true || value === '1' || value === 1) return true;
  if (value === false || value === '0' || value === 0) return false;
  return undefined;
}

/**
 * The kind of a top-level block device. Rotational means a spinning disk; an NVMe name or transport
 * means NVMe; any other non-rotational disk is counted as an SSD. Loop devices, optical drives and
 * RAM disks have no kind that a requirement could mean, so they are unknown.
 */
export function kindOfBlockDevice(node: { name?: string; type?: string; rota?: LsblkNode['rota']; tran?: string | null }): DiskKind {
  const name = (node.name ?? '').replace(/^\/dev\//, '');
  const type = node.type ?? 'disk';
  if (type === 'loop' || type === 'rom' || /^(zram|ram|loop|sr)\d/.test(name)) return 'unknown';
  if (name.startsWith('nvme') || node.tran === 'nvme') return 'nvme';
  const rota = rotational(node.rota);
  if (rota === true) return 'hdd';
  if (rota === false) return 'ssd';
  return 'unknown';
}

/**
 * Indexes `lsblk --json --paths -o NAME,TYPE,ROTA,TRAN,MOUNTPOINT` output. Every partition, LVM volume
 * or RAID array inherits the kind of the physical disk it sits on; an array spread over disks of
 * different kinds is unknown.
 */
export function parseLsblkKinds(text: string): DiskKindIndex {
  const index: DiskKindIndex = { byMount: {}, byDevice: {} };
  let parsed: { blockdevices?: LsblkNode[] };
  try {
    parsed = JSON.parse(text) as { blockdevices?: LsblkNode[] };
  } catch {
    return index;
  }
  const set = (table: Record<string, DiskKind>, key: string, kind: DiskKind) => {
    const seen = table[key];
    table[key] = seen === undefined || seen === kind ? kind : 'unknown';
  };
  const walk = (node: LsblkNode, kind: DiskKind) => {
    if (node.name) set(index.byDevice, node.name, kind);
    if (node.mountpoint) set(index.byMount, node.mountpoint, kind);
    for (const child of node.children ?? []) walk(child, kind);
  };
  for (const root of parsed.blockdevices ?? []) walk(root, kindOfBlockDevice(root));
  return index;
}

/** The subset of systeminformation's `blockDevices()` entries that matters here. */
export interface SiBlockDevice {
  name?: string;
  type?: string;
  mount?: string;
  physical?: string;
  protocol?: string;
  device?: string;
}

/** Disk kinds from systeminformation's block devices, used where lsblk does not exist (macOS, Windows). */
export function kindsFromSiBlockDevices(devices: readonly SiBlockDevice[]): DiskKindIndex {
  const index: DiskKindIndex = { byMount: {}, byDevice: {} };
  for (const device of devices) {
    let kind: DiskKind = 'unknown';
    const physical = (device.physical ?? '').toUpperCase();
    if (/NVME|PCI/i.test(device.protocol ?? '') || /^nvme/i.test(device.name ?? '')) kind = 'nvme';
    else if (physical === 'HDD') kind = 'hdd';
    else if (physical === 'SSD') kind = 'ssd';
    if (device.mount) index.byMount[device.mount] = kind;
    if (device.device) index.byDevice[device.device] = kind;
    if (device.name) index.byDevice[device.name] = kind;
  }
  return index;
}

/** The kind of the disk under a mount, looked up by mount point first, then by device path. */
export function kindForMount(index: DiskKindIndex, mount: string, device?: string): DiskKind {
  return index.byMount[mount] ?? (device ? index.byDevice[device] : undefined) ?? 'unknown';
}
