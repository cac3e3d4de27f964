import { arch, cpus, freemem, hostname, release, totalmem } from 'node:os';
import type { HardwareProfile } from '../plugin-api/types.js';
import { parseOsRelease } from './parse-os-release.js';
import { readText, type ProbeContext } from './probe-context.js';

type SystemInformation = typeof import('systeminformation');

/**
 * The operating system. On Linux it comes from /etc/os-release and Node itself, which costs nothing;
 * systeminformation's osInfo() starts several programs and is kept for the other platforms.
 */
export async function probeOs(si: SystemInformation | undefined, ctx: ProbeContext): Promise<HardwareProfile['os']> {
  const base = { platform: ctx.platform as string, distro: ctx.platform as string, release: '', kernel: release(), arch: arch(), hostname: hostname() };
  if (ctx.platform === 'linux') {
    const text = (await readText(ctx, '/etc/os-release')) ?? (await readText(ctx, '/usr/lib/os-release'));
    const parsed = text ? parseOsRelease(text) : {};
    return { ...base, distro: parsed.name ?? 'Linux', release: parsed.versionId ?? '' };
  }
  if (!si) return base;
  const info = await si.osInfo();
  return { ...base, distro: info.distro || base.distro, release: info.release || '' };
}

/** Node's own view of the CPU, used when systeminformation cannot say more. */
export function cpuFromNode(): HardwareProfile['cpu'] {
  const list = cpus();
  const speedMhz = list[0]?.speed ?? 0;
  const cpu: HardwareProfile['cpu'] = {
    manufacturer: '',
    brand: list[0]?.model.trim() ?? '',
    physicalCores: list.length,
    threads: list.length,
    flags: [],
  };
  if (speedMhz > 0) cpu.speedGHz = Math.round(speedMhz / 10) / 100;
  return cpu;
}

/** CPU model, cores, threads, clock and flags (lower-case, as /proc/cpuinfo spells them). */
export async function probeCpu(si: SystemInformation | undefined): Promise<HardwareProfile['cpu']> {
  if (!si) return cpuFromNode();
  const [info, flagText] = await Promise.all([si.cpu(), si.cpuFlags().catch(() => '')]);
  const fallback = cpuFromNode();
  const flags = (flagText || info.flags || '').toLowerCase().split(/\s+/).filter(Boolean);
  const cpu: HardwareProfile['cpu'] = {
    manufacturer: info.manufacturer ?? '',
    brand: info.brand || fallback.brand,
    physicalCores: info.physicalCores || fallback.physicalCores,
    threads: info.cores || fallback.threads,
    flags: [...new Set(flags)],
  };
  const speed = info.speed || info.speedMax || fallback.speedGHz;
  if (speed) cpu.speedGHz = speed;
  return cpu;
}

/** Total and available memory in bytes. */
export async function probeMemory(si: SystemInformation | undefined): Promise<HardwareProfile['memory']> {
  if (!si) return { totalBytes: totalmem(), availableBytes: freemem() };
  const mem = await si.mem();
  return { totalBytes: mem.total || totalmem(), availableBytes: mem.available || freemem() };
}
