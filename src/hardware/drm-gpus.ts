/**
 * GPUs seen through Linux's DRM class (`/sys/class/drm/cardN/device`) and systeminformation's
 * graphics list. Pure: callers read the files and hand their contents in.
 */
import type { GpuVendor, HardwareGpu } from '../plugin-api/types.js';

const PCI_VENDORS: Record<string, GpuVendor> = { '10de': 'nvidia', '1002': 'amd', '8086': 'intel', '106b': 'apple' };
const VENDOR_LABEL: Record<GpuVendor, string> = { nvidia: 'NVIDIA', amd: 'AMD', intel: 'Intel', apple: 'Apple', other: 'Other' };

/** What one DRM card's sysfs files say. */
export interface DrmCard {
  /** Contents of `device/vendor`, e.g. "0x1002". */
  vendorId: string;
  /** Contents of `device/device`, e.g. "0x73bf". */
  deviceId: string;
  /** `device/mem_info_vram_total` in bytes (amdgpu only). */
  vramBytes?: number;
  /** PCI_SLOT_NAME from `device/uevent`, e.g. "0000:03:00.0". */
  slot?: string;
  /** DRIVER from `device/uevent`, e.g. "amdgpu". */
  driver?: string;
  /** `device/product_name` where the driver provides one. */
  productName?: string;
}

function hex4(id: string): string {
  return id.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
}

/** The vendor of a PCI vendor id; undefined for display chips that are not compute GPUs (BMCs, VMs). */
export function vendorOfPciId(vendorId: string): GpuVendor | undefined {
  return PCI_VENDORS[hex4(vendorId)];
}

/** Looks a device up in the pci.ids database text; returns its name, or undefined. */
export function lookupPciName(pciIds: string, vendorId: string, deviceId: string): string | undefined {
  const vendor = hex4(vendorId);
  const device = hex4(deviceId);
  const lines = pciIds.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${vendor}  `));
  if (start < 0) return undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith('\t')) break;
    if (line.startsWith(`\t${device}  `)) return line.slice(device.length + 3).trim();
  }
  return undefined;
}

/** Turns DRM cards into GPU entries; chips of unknown vendors are left out. */
export function drmCardsToGpus(cards: readonly DrmCard[], pciIds?: string): HardwareGpu[] {
  const gpus: HardwareGpu[] = [];
  for (const card of cards) {
    const vendor = vendorOfPciId(card.vendorId);
    if (!vendor) continue;
    const named = card.productName?.trim() || (pciIds ? lookupPciName(pciIds, card.vendorId, card.deviceId) : undefined);
    const model = named ?? `${VENDOR_LABEL[vendor]} GPU [${hex4(card.vendorId)}:${hex4(card.deviceId)}]`;
    const gpu: HardwareGpu = { vendor, model };
    if (card.vramBytes !== undefined && card.vramBytes > 0) gpu.vramMb = Math.round(card.vramBytes / 1024 / 1024);
    if (card.slot) gpu.busId = card.slot;
    gpus.push(gpu);
  }
  return gpus;
}

/** Reads KEY=value lines of a sysfs `uevent` file. */
export function parseUevent(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

/** The subset of systeminformation's `graphics().controllers` entries that matters here. */
export interface SiGraphicsController {
  vendor?: string;
  model?: string;
  vram?: number | null;
  busAddress?: string;
  driverVersion?: string;
}

/** Vendor from a free-text vendor or model string. */
export function vendorFromText(text: string): GpuVendor {
  if (/nvidia/i.test(text)) return 'nvidia';
  if (/\bamd\b|advanced micro|\bati\b|radeon/i.test(text)) return 'amd';
  if (/intel/i.test(text)) return 'intel';
  if (/apple/i.test(text)) return 'apple';
  return 'other';
}

/** GPU entries from systeminformation's graphics controllers (macOS and Windows). */
export function siControllersToGpus(controllers: readonly SiGraphicsController[]): HardwareGpu[] {
  return controllers
    .filter((c) => (c.model ?? '').trim() !== '' || (c.vendor ?? '').trim() !== '')
    .map((c) => {
      const vendor = vendorFromText(`${c.vendor ?? ''} ${c.model ?? ''}`);
      const gpu: HardwareGpu = { vendor, model: (c.model ?? '').trim() || `${VENDOR_LABEL[vendor]} GPU` };
      if (typeof c.vram === 'number' && c.vram > 0) gpu.vramMb = Math.round(c.vram);
      if (c.driverVersion) gpu.driver = c.driverVersion;
      if (c.busAddress) gpu.busId = c.busAddress;
      return gpu;
    });
}
