import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { existsSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import type { DeployRuntimes } from '../plugin-api/deploy.js';
import type { Tagged } from '../plugin-api/types.js';

/** Binding is the only honest test of "free": something may listen on any address, for either protocol. */
function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

export const hostProbes: DeployRuntimes['host'] = {
  portFree: (port, protocol) => (protocol === 'tcp' ? tcpFree(port) : udpFree(port)),
  async freeBytes(path) {
    try {
      const stats = statfsSync(nearestExisting(path));
      return Number(stats.bavail) * Number(stats.bsize);
    } catch {
      return undefined;
    }
  },
  async resolve(hostname): Promise<Tagged<string[]>> {
    try {
      const answers = await lookup(hostname, { all: true });
      return { status: 'ok', value: answers.map((a) => a.address) };
    } catch (error) {
      return { status: 'unreachable', reason: `${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
  },
  async exists(path) {
    return existsSync(path);
  },
};
