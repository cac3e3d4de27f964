/** Wording shared by the eligibility checks: names of systems, disks and vendors, and lists. Pure. */
import type { Arch, DiskKind, GpuVendor, OsName } from '../plugin-api/types.js';

const OS_LABEL: Record<OsName, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const KIND_LABEL: Record<DiskKind, string> = { hdd: 'HDD', ssd: 'SSD', nvme: 'NVMe', unknown: 'disk of unknown kind' };
const VENDOR_LABEL: Record<GpuVendor | 'any', string> = { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', apple: 'Apple', other: '', any: '' };

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: readonly string[]): string {
  return joinWith(items, 'and');
}

/** "a", "a or b", "a, b or c". */
export function joinOr(items: readonly string[]): string {
  return joinWith(items, 'or');
}

function joinWith(items: readonly string[], word: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** The profile's platform string as an OsName ("Windows" from systeminformation → "win32"). */
export function normalizeOs(platform: string): OsName | undefined {
  const p = platform.toLowerCase();
  if (p === 'linux') return 'linux';
  if (p === 'darwin' || p === 'macos' || p === 'mac os') return 'darwin';
  if (p === 'win32' || p === 'windows') return 'win32';
  return undefined;
}

export function osLabel(platform: string): string {
  const os = normalizeOs(platform);
  return os ? OS_LABEL[os] : platform;
}

/** The profile's arch string as an Arch ("x86_64" → "x64", "aarch64" → "arm64"). */
export function normalizeArch(arch: string): Arch | undefined {
  const a = arch.toLowerCase();
  if (a === 'x64' || a === 'x86_64' || a === 'amd64') return 'x64';
  if (a === 'arm64' || a === 'aarch64') return 'arm64';
  if (a === 'arm' || a.startsWith('armv') || a === 'armhf') return 'arm';
  return undefined;
}

export function kindLabel(kind: DiskKind): string {
  return KIND_LABEL[kind];
}

/** "SSD or NVMe disk", "HDD". */
export function diskKindsNoun(kinds: readonly DiskKind[]): string {
  const labels = kinds.filter((k) => k !== 'unknown').map(kindLabel);
  return labels.length === 1 && labels[0] === 'HDD' ? 'HDD' : `${joinOr(labels)} disk`;
}

/** "an SSD or NVMe disk", "a disk": the article that the noun's first sound takes. */
export function withArticle(noun: string): string {
  return `${/^(HDD|SSD|NVMe|[aeiou])/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** "NVIDIA", "AMD"; empty for any vendor. */
export function vendorLabel(vendor: GpuVendor | 'any'): string {
  return VENDOR_LABEL[vendor];
}
