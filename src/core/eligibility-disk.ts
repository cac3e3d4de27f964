/** The disk part of the eligibility matcher: free space and disk kind on one real mount. Pure. */
import type { HardwareDisk, HardwareProfile, Requirements } from '../plugin-api/types.js';
import { formatBytes, BYTES_PER_GB } from './format-bytes.js';
import { diskKindsNoun, joinAnd, kindLabel, withArticle } from './eligibility-text.js';

/** Filesystems that live in memory, inside images or elsewhere: no node stores its data on them. */
const NOT_A_DISK = new Set([
  'tmpfs',
  'devtmpfs',
  'ramfs',
  'overlay',
  'overlayfs',
  'squashfs',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devfs',
  'devpts',
  'autofs',
  'efivarfs',
  'nsfs',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'binfmt_misc',
  'iso9660',
  'udf',
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'fuse.sshfs',
  'fuse.snapfuse',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'fuse.portal',
  'zram',
]);

/** Mounts that are local disks a node could store data on. */
export function realDisks(hw: HardwareProfile): HardwareDisk[] {
  return hw.disks.filter((disk) => !NOT_A_DISK.has(disk.fs.toLowerCase()) && disk.sizeBytes > 0 && !disk.mount.startsWith('/snap/'));
}

function largestFree(disks: HardwareDisk[]): HardwareDisk | undefined {
  return disks.reduce<HardwareDisk | undefined>((top, d) => (top === undefined || d.freeBytes > top.freeBytes ? d : top), undefined);
}

/** Reasons and notes for `diskFreeGb` and `diskKinds`. */
export function checkDisk(req: Requirements, hw: HardwareProfile): { reasons: string[]; notes: string[] } {
  const needGb = req.diskFreeGb;
  const kinds = req.diskKinds && req.diskKinds.length > 0 && !req.diskKinds.includes('unknown') ? req.diskKinds : undefined;
  if (needGb === undefined && !kinds) return { reasons: [], notes: [] };

  const noun = kinds ? diskKindsNoun(kinds) : 'disk';
  const need = needGb === undefined ? `needs ${withArticle(noun)}` : `needs ${needGb} GB free on one ${noun}`;
  const disks = realDisks(hw);
  if (disks.length === 0) return { reasons: [`${need}; found no local disk`], notes: [] };

  // An unknown kind gets the benefit of the doubt, with a note: VMs and some USB bridges do not
  // say what is behind them.
  const fitting = kinds ? disks.filter((d) => d.kind === 'unknown' || kinds.includes(d.kind)) : disks;
  if (kinds && fitting.length === 0) {
    return { reasons: [`${need}; found ${joinAnd(disks.map((d) => `${kindLabel(d.kind)} at ${d.mount}`))}`], notes: [] };
  }
  const top = largestFree(fitting) as HardwareDisk;
  if (needGb !== undefined && top.freeBytes < needGb * BYTES_PER_GB) {
    return { reasons: [`${need}; found at most ${formatBytes(top.freeBytes, 'down')} free (on ${top.mount})`], notes: [] };
  }
  const chosen = needGb === undefined ? fitting : fitting.filter((d) => d.freeBytes >= needGb * BYTES_PER_GB);
  if (kinds && chosen.every((d) => d.kind === 'unknown')) {
    return { reasons: [], notes: [`could not tell whether the disk at ${top.mount} is ${withArticle(noun)}`] };
  }
  return { reasons: [], notes: [] };
}
