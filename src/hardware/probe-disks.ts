import type { HardwareDisk } from '../plugin-api/types.js';
import { runTool } from '../system/exec.js';
import { which } from '../system/which.js';
import { LSBLK_ARGS, kindForMount, kindsFromSiBlockDevices, parseLsblkKinds, type DiskKindIndex, type SiBlockDevice } from './disk-kind.js';
import type { ProbeContext } from './probe-context.js';

type SystemInformation = typeof import('systeminformation');

/** One filesystem as systeminformation's `fsSize()` reports it. */
export interface SiFsSize {
  fs: string;
  type: string;
  size: number;
  available: number;
  mount: string;
}

const EMPTY: DiskKindIndex = { byMount: {}, byDevice: {} };

async function kindIndex(si: SystemInformation, ctx: ProbeContext): Promise<DiskKindIndex> {
  if (ctx.platform === 'linux') {
    const lsblk = which('lsblk', ctx.env, ctx.platform);
    if (!lsblk) return EMPTY;
    const result = await runTool(lsblk, LSBLK_ARGS, { timeoutMs: ctx.quickMs, env: ctx.env });
    return result.ok && result.exitCode === 0 ? parseLsblkKinds(result.stdout) : EMPTY;
  }
  const devices = (await si.blockDevices()) as SiBlockDevice[];
  return kindsFromSiBlockDevices(devices);
}

/** Joins mounted filesystems with the kind of disk under each. */
export function disksFrom(filesystems: readonly SiFsSize[], kinds: DiskKindIndex): HardwareDisk[] {
  const seen = new Set<string>();
  const disks: HardwareDisk[] = [];
  for (const fs of filesystems) {
    if (!fs.mount || seen.has(fs.mount)) continue;
    seen.add(fs.mount);
    const disk: HardwareDisk = {
      mount: fs.mount,
      fs: fs.type,
      kind: kindForMount(kinds, fs.mount, fs.fs),
      sizeBytes: Math.max(0, Math.round(fs.size)),
      freeBytes: Math.max(0, Math.round(fs.available)),
    };
    if (fs.fs) disk.device = fs.fs;
    disks.push(disk);
  }
  return disks;
}

/** Mounted filesystems with size, free space and disk kind; [] when nothing can be read. */
export async function probeDisks(si: SystemInformation, ctx: ProbeContext): Promise<HardwareDisk[]> {
  const [filesystems, kinds] = await Promise.all([si.fsSize().catch(() => [] as SiFsSize[]), kindIndex(si, ctx).catch(() => EMPTY)]);
  return disksFrom(filesystems as SiFsSize[], kinds);
}
