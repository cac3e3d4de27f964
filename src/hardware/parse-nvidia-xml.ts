/** Pure parser for `nvidia-smi -q -x`. No I/O here; `probe-gpus.ts` runs the tool. */
import { cleanValue, leadingNumber, leadingVersion, modeOn, withoutUndefined, type NvidiaGpuRow, type NvidiaSystemInfo } from './parse-nvidia-smi.js';

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the first `<name>` element in `xml`, or undefined. */
function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? cleanValue(decodeXml(m[1] ?? '')) : undefined;
}

/** The body of the first `<name>…</name>` block in `xml`, or ''. */
function block(xml: string, name: string): string {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '';
}

/**
 * One GPU's facts. With MIG on, each MIG device inside `<mig_devices>` has its own
 * `fb_memory_usage`, listed before the GPU's own: those blocks are set aside first, so the totals
 * are the whole card's, and they are counted as its slices.
 */
function parseGpu(body: string, id: string | undefined, index: number): NvidiaGpuRow {
  const migDevices = block(body, 'mig_devices');
  const own = body.replace(/<mig_devices>[\s\S]*?<\/mig_devices>/, '');
  const migOn = modeOn(tag(block(own, 'mig_mode'), 'current_mig') ?? '');
  const slices = (migDevices.match(/<mig_device>/g) ?? []).length;
  return withoutUndefined({
    index,
    name: tag(own, 'product_name'),
    uuid: tag(own, 'uuid'),
    busId: tag(own, 'pci_bus_id') ?? cleanValue(id),
    memoryMib: leadingNumber(tag(block(own, 'fb_memory_usage'), 'total')),
    ecc: own.includes('<ecc_mode>') ? modeOn(tag(block(own, 'ecc_mode'), 'current_ecc') ?? 'N/A') : undefined,
    mig: migOn === undefined ? undefined : migOn ? { enabled: true, devices: slices } : { enabled: false },
  });
}

/**
 * Parses `nvidia-smi -q -x`: the driver and CUDA version, and each GPU's name, uuid, bus id,
 * memory, ECC and MIG mode. The versions are read under their driver-610 names (`kmd_version`,
 * `cuda_umd_version`) first and the older, deprecated ones second; a value that is not a version
 * (a deprecation notice) counts as absent.
 */
export function parseNvidiaXml(xml: string): NvidiaSystemInfo & { gpus: NvidiaGpuRow[] } {
  const head = xml.split(/<gpu[\s>]/)[0] ?? '';
  const gpus: NvidiaGpuRow[] = [];
  let index = 0;
  for (const [, id, body = ''] of xml.matchAll(/<gpu(?:\s+id="([^"]*)")?\s*>([\s\S]*?)<\/gpu>/g)) gpus.push(parseGpu(body, id, index++));
  const driver = leadingVersion(tag(head, 'kmd_version')) ?? leadingVersion(tag(head, 'driver_version'));
  const cuda = leadingVersion(tag(head, 'cuda_umd_version')) ?? leadingVersion(tag(head, 'cuda_version'));
  return { ...withoutUndefined({ driver, cuda }), gpus };
}
