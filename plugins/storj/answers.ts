import { addressProblem } from '../../src/plugin-api/addresses.js';
import type { Question } from '../../src/plugin-api/index.js';

const UNITS: Record<string, number> = { GB: 1e9, TB: 1e12 };
/** Storj's own minimum for a node. */
export const MIN_STORAGE_BYTES = 500e9;

/** `2TB`, `550GB`, `1.5TB` as bytes (decimal units, as the storagenode's STORAGE takes them). */
export function parseStorage(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(GB|TB)$/i.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2].toUpperCase()]);
}

const HOST = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

function portProblem(text: string): string | undefined {
  return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535 ? undefined : `"${text}" is not a port (1–65535)`;
}

export const questions: Question[] = [
  {
    key: 'wallet',
    message: 'Ethereum address that receives STORJ payouts (0x…, checksummed)',
    flag: '--set wallet=0x…',
    validate: (v) => addressProblem('ethereum', v),
  },
  {
    key: 'email',
    message: 'Email for Storj node notifications',
    flag: '--set email=you@example.com',
    validate: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : `"${v}" is not an email address`),
  },
  {
    key: 'address',
    message: 'External address of this node, host:port (a DDNS name or public IP, with the forwarded port)',
    flag: '--set address=node.example.net:28967',
    validate: (v) => {
      const at = v.lastIndexOf(':');
      if (at < 1) return `"${v}" is not host:port`;
      const host = v.slice(0, at);
      if (!HOST.test(host) && !IPV4.test(host)) return `"${host}" is not a host name or IPv4 address`;
      return portProblem(v.slice(at + 1));
    },
  },
  {
    key: 'storage',
    message: 'Disk space to share, e.g. 2TB (at least 500GB)',
    flag: '--set storage=2TB',
    validate: (v) => {
      const bytes = parseStorage(v);
      if (bytes === undefined) return `"${v}" is not a size such as 2TB or 750GB`;
      return bytes < MIN_STORAGE_BYTES ? `Storj needs at least 500GB; ${v} is less` : undefined;
    },
  },
  {
    key: 'storageDir',
    message: 'Folder for the stored data (empty: a folder in depin’s data folder)',
    flag: '--set storageDir=/mnt/storj',
    default: '',
    validate: (v) => (v === '' || v.startsWith('/') ? undefined : `"${v}" is not an absolute path`),
  },
  {
    key: 'identityDir',
    message: 'Folder of the node identity (ca.cert, ca.key, identity.cert, identity.key; empty: ~/.local/share/storj/identity/storagenode)',
    flag: '--set identityDir=/path/to/identity',
    default: '',
    validate: (v) => (v === '' || v.startsWith('/') ? undefined : `"${v}" is not an absolute path`),
  },
  { key: 'port', message: 'Port the node listens on (TCP and UDP)', flag: '--set port=28967', default: '28967', validate: portProblem },
  { key: 'dashboardPort', message: 'Port of the local dashboard on 127.0.0.1', flag: '--set dashboardPort=14002', default: '14002', validate: portProblem },
  {
    key: 'zksync',
    message: 'Receive payouts on zkSync Era instead of Ethereum L1?',
    flag: '--set zksync=yes|no',
    default: 'no',
    choices: ['no', 'yes'],
    validate: (v) => (v === 'yes' || v === 'no' ? undefined : 'answer yes or no'),
  },
];
