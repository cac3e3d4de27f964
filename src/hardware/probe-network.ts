import { isPublicAddress } from '../core/ip-address.js';
import { isIP, createConnection, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { HardwareProfile } from '../plugin-api/types.js';
import { localAddresses, summarizeInterfaces } from './network-interfaces.js';
import { readText, type ProbeContext } from './probe-context.js';

/** Where the public address is asked for unless an option or DEPIN_IP_ECHO_URL says otherwise. */
export const DEFAULT_IP_ECHO_URL = 'https://api.ipify.org';
/** No network check waits longer than this. */
export const NETWORK_TIMEOUT_MS = 3000;

export type PortCheck = NonNullable<HardwareProfile['network']['ports']>[number];
export interface PortRequest {
  port: number;
  protocol: 'tcp' | 'udp';
}

/** Interfaces with link speeds from /sys/class/net (Linux); no tool is started. */
export async function probeInterfaces(ctx: ProbeContext): Promise<HardwareProfile['network']['interfaces']> {
  const raw = networkInterfaces();
  const speeds: Record<string, number | undefined> = {};
  if (ctx.platform === 'linux') {
    await Promise.all(
      Object.keys(raw).map(async (name) => {
        const text = await readText(ctx, `/sys/class/net/${name}/speed`);
        const speed = text === undefined ? undefined : Number.parseInt(text.trim(), 10);
        speeds[name] = speed !== undefined && Number.isFinite(speed) && speed > 0 ? speed : undefined;
      }),
    );
  }
  return summarizeInterfaces(raw, speeds);
}

/** Reads an IP echo service's answer: the address as plain text, or JSON with an `ip` field. */
export function parseIpEcho(body: string): string | undefined {
  const text = body.trim();
  if (isIP(text)) return text;
  try {
    const ip = (JSON.parse(text) as { ip?: unknown }).ip;
    return typeof ip === 'string' && isIP(ip) ? ip : undefined;
  } catch {
    return undefined;
  }
}

/** The public address as an echo service sees it, or the reason it is unknown. */
export async function lookupPublicIp(url: string, timeoutMs: number): Promise<{ ip?: string; reason?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/plain, application/json' } });
    const body = await response.text();
    if (!response.ok) return { reason: `${url} answered HTTP ${response.status}` };
    const ip = parseIpEcho(body);
    if (!ip) return { reason: `${url} did not answer with an IP address` };
    // A loopback or private answer would make every port look reachable from inside: refuse it.
    if (!isPublicAddress(ip)) return { reason: `${url} answered ${ip}, which is not a public address (loopback, private, shared or reserved)` };
    return { ip };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') return { reason: `${url} did not answer within ${timeoutMs} ms` };
    return { reason: `${url} could not be reached (${e.cause?.code ?? e.message})` };
  }
}

function listen(port: number): Promise<{ server?: Server; error?: string }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => resolve({ server }));
  });
}

function connect(host: string, port: number, timeoutMs: number): Promise<'connected' | 'timeout' | string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/**
 * Whether a TCP connection to the public address reaches this machine on `port`. depin listens on the
 * port for the moment of the check when nothing else does. Only a connection that arrives is a
 * definite answer; a refusal or silence can come from a router that does not loop connections from
 * inside back to itself, so it is reported as unknown with what happened.
 */
export async function checkPort(
  request: PortRequest,
  lookup: { ip?: string; reason?: string },
  ownAddresses: Set<string>,
  timeoutMs: number,
): Promise<PortCheck> {
  const base = { port: request.port, protocol: request.protocol };
  if (request.protocol === 'udp') return { ...base, reachable: null, reason: 'UDP reachability cannot be tested from this machine' };
  const publicIp = lookup.ip;
  if (!publicIp) return { ...base, reachable: null, reason: `the public IP address is unknown${lookup.reason ? `: ${lookup.reason}` : ''}` };
  if (ownAddresses.has(publicIp)) {
    return { ...base, reachable: null, reason: `this machine holds the public address ${publicIp} itself, so only a check from outside can see a firewall` };
  }
  const listening = await listen(request.port);
  try {
    const outcome = await connect(publicIp, request.port, timeoutMs);
    const target = isIP(publicIp) === 6 ? `[${publicIp}]:${request.port}` : `${publicIp}:${request.port}`;
    if (outcome === 'connected') return { ...base, reachable: true };
    if (outcome === 'timeout') {
      return {
        ...base,
        reachable: null,
        reason: `no answer from ${target} within ${timeoutMs} ms (not forwarded, filtered, or the router does not loop back)`,
      };
    }
    const note = listening.error === 'EACCES' ? `; depin may not listen on port ${request.port} to test it` : '';
    return { ...base, reachable: null, reason: `connecting to ${target} failed with ${outcome}${note}` };
  } finally {
    await new Promise<void>((resolve) => (listening.server ? listening.server.close(() => resolve()) : resolve()));
  }
}

export interface NetworkProbeOptions {
  ipEchoUrl?: string;
  ports?: PortRequest[];
}

/** Public address and port reachability; every failure becomes a reason, never an exception. */
export async function probeReachability(ctx: ProbeContext, options: NetworkProbeOptions): Promise<Pick<HardwareProfile['network'], 'publicIp' | 'ports'>> {
  const timeoutMs = Math.min(ctx.timeoutMs, NETWORK_TIMEOUT_MS);
  const url = options.ipEchoUrl ?? ctx.env.DEPIN_IP_ECHO_URL ?? DEFAULT_IP_ECHO_URL;
  const lookup = await lookupPublicIp(url, timeoutMs);
  const own = localAddresses(networkInterfaces());
  const ports = await Promise.all((options.ports ?? []).map((request) => checkPort(request, lookup, own, timeoutMs)));
  const out: Pick<HardwareProfile['network'], 'publicIp' | 'ports'> = {};
  if (lookup.ip) out.publicIp = lookup.ip;
  if (options.ports) out.ports = ports;
  return out;
}
