import type { HardwareGpu } from '../plugin-api/types.js';
import { runTool } from '../system/exec.js';
import { which } from '../system/which.js';
import { drmCardsToGpus, parseUevent, siControllersToGpus, type DrmCard, type SiGraphicsController } from './drm-gpus.js';
import {
  NVIDIA_QUERIES,
  nvidiaQueryArgs,
  nvidiaRowsToGpus,
  parseNvidiaBanner,
  parseNvidiaQueryCsv,
  type NvidiaGpuRow,
  type NvidiaSystemInfo,
} from './parse-nvidia-smi.js';
import { parseNvidiaXml } from './parse-nvidia-xml.js';
import { listDir, readText, type ProbeContext } from './probe-context.js';

type Run = (args: string[]) => ReturnType<typeof runTool>;

/** The CSV rows of the best query list this driver answers (see NVIDIA_QUERIES); [] when none is. */
async function queryRows(run: Run): Promise<NvidiaGpuRow[]> {
  const answers = await Promise.all(NVIDIA_QUERIES.map((fields) => run(nvidiaQueryArgs(fields))));
  for (const answer of answers) {
    const rows = answer.ok && answer.exitCode === 0 ? parseNvidiaQueryCsv(answer.stdout) : [];
    if (rows.length > 0) return rows;
  }
  return [];
}

const sameGpu = (a: NvidiaGpuRow, b: NvidiaGpuRow) =>
  (a.uuid !== undefined && a.uuid === b.uuid) || (a.busId !== undefined && a.busId.toLowerCase() === b.busId?.toLowerCase());

/** CSV rows completed with what only the XML has (MIG slices) or what the CSV could not ask for. */
function mergeRows(rows: NvidiaGpuRow[], fromXml: NvidiaGpuRow[]): NvidiaGpuRow[] {
  if (rows.length === 0) return fromXml;
  return rows.map((row) => {
    const xml = fromXml.find((other) => sameGpu(row, other));
    if (!xml) return row;
    return { ...xml, ...row, ...(xml.mig && (row.mig === undefined || row.mig.enabled === xml.mig.enabled) ? { mig: xml.mig } : {}) };
  });
}

/** NVIDIA GPUs from nvidia-smi; [] when it is absent or cannot talk to a driver. */
export async function probeNvidia(ctx: ProbeContext): Promise<HardwareGpu[]> {
  const smi = which('nvidia-smi', ctx.env, ctx.platform);
  if (!smi) return [];
  const run: Run = (args) => runTool(smi, args, { timeoutMs: ctx.timeoutMs, env: ctx.env });
  const [queried, xml] = await Promise.all([queryRows(run), run(['-q', '-x'])]);

  let rows = queried;
  let info: NvidiaSystemInfo = {};
  if (xml.ok && xml.exitCode === 0) {
    const parsed = parseNvidiaXml(xml.stdout);
    info = { driver: parsed.driver, cuda: parsed.cuda };
    rows = mergeRows(queried, parsed.gpus);
  }
  if (rows.length > 0 && !info.cuda) {
    const banner = await run([]);
    if (banner.ok && banner.exitCode === 0) {
      const fromBanner = parseNvidiaBanner(banner.stdout);
      info = { driver: info.driver ?? fromBanner.driver, cuda: fromBanner.cuda };
    }
  }
  return nvidiaRowsToGpus(rows, info);
}

/** GPUs of any vendor from /sys/class/drm, with names from the pci.ids database when it is present. */
export async function probeDrm(ctx: ProbeContext): Promise<HardwareGpu[]> {
  const names = (await listDir(ctx, '/sys/class/drm')).filter((name) => /^card\d+$/.test(name)).sort();
  if (names.length === 0) return [];
  const cards: DrmCard[] = [];
  for (const name of names) {
    const base = `/sys/class/drm/${name}/device`;
    const [vendorId, deviceId, vram, uevent, productName] = await Promise.all([
      readText(ctx, `${base}/vendor`),
      readText(ctx, `${base}/device`),
      readText(ctx, `${base}/mem_info_vram_total`),
      readText(ctx, `${base}/uevent`),
      readText(ctx, `${base}/product_name`),
    ]);
    if (!vendorId || !deviceId) continue;
    const event = uevent ? parseUevent(uevent) : {};
    const vramBytes = vram === undefined ? undefined : Number.parseInt(vram.trim(), 10);
    cards.push({
      vendorId,
      deviceId,
      vramBytes: Number.isFinite(vramBytes) ? vramBytes : undefined,
      slot: event.PCI_SLOT_NAME,
      driver: event.DRIVER,
      productName: productName?.trim() || undefined,
    });
  }
  const pciIds = (await readText(ctx, '/usr/share/misc/pci.ids')) ?? (await readText(ctx, '/usr/share/hwdata/pci.ids'));
  return drmCardsToGpus(cards, pciIds);
}

// systeminformation's graphics() starts several tools (and nvidia-smi again); it is only worth it
// where no cheaper source exists.
async function probeSiGraphics(): Promise<HardwareGpu[]> {
  const si = (await import('systeminformation')).default;
  const graphics = await si.graphics();
  return siControllersToGpus(graphics.controllers as SiGraphicsController[]);
}

/**
 * Every GPU: NVIDIA ones from nvidia-smi (driver, CUDA, compute capability); others from DRM on Linux
 * or systeminformation elsewhere. An NVIDIA card that nvidia-smi cannot see (no driver) still shows up
 * through DRM, without driver or CUDA version.
 */
export async function probeGpus(ctx: ProbeContext): Promise<HardwareGpu[]> {
  const others = ctx.platform === 'linux' ? probeDrm(ctx) : probeSiGraphics();
  const [nvidia, rest] = await Promise.all([probeNvidia(ctx).catch(() => []), others.catch(() => [] as HardwareGpu[])]);
  const fromOthers = nvidia.length > 0 ? rest.filter((gpu) => gpu.vendor !== 'nvidia') : rest;
  return [...nvidia, ...fromOthers];
}
