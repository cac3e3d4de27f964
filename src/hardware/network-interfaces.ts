/** Pure summary of Node's `os.networkInterfaces()` into the profile's interface list. */
import type { NetworkInterfaceInfo } from 'node:os';
import type { HardwareProfile } from '../plugin-api/types.js';

export type InterfaceSummary = HardwareProfile['network']['interfaces'][number];

/**
 * One entry per interface: its first IPv4 address, its first IPv6 address (global ones before
 * link-local), MAC, whether it is internal, and the link speed where the caller knows it.
 */
export function summarizeInterfaces(
  interfaces: Record<string, NetworkInterfaceInfo[] | undefined>,
  speeds: Record<string, number | undefined> = {},
): InterfaceSummary[] {
  const out: InterfaceSummary[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    if (!addresses || addresses.length === 0) continue;
    const v4 = addresses.find((a) => a.family === 'IPv4');
    const v6all = addresses.filter((a) => a.family === 'IPv6');
    const v6 = v6all.find((a) => !a.address.toLowerCase().startsWith('fe80')) ?? v6all[0];
    const entry: InterfaceSummary = { name, internal: addresses.every((a) => a.internal) };
    if (v4) entry.ip4 = v4.address;
    if (v6) entry.ip6 = v6.address;
    const mac = addresses.find((a) => a.mac && a.mac !== '00:00:00:00:00:00')?.mac;
    if (mac) entry.mac = mac;
    const speed = speeds[name];
    if (speed !== undefined && Number.isFinite(speed) && speed > 0) entry.speedMbps = speed;
    out.push(entry);
  }
  return out;
}

/** Every address this machine holds, for telling a public address that is its own. */
export function localAddresses(interfaces: Record<string, NetworkInterfaceInfo[] | undefined>): Set<string> {
  const set = new Set<string>();
  for (const addresses of Object.values(interfaces)) for (const a of addresses ?? []) set.add(a.address);
  return set;
}
