import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'depin.js');

/** `depin --help` against a bare Node start, and `depin detect --json` against systeminformation alone. */
export function startupComparisons(runs: number): Comparison[] {
  const env = { ...process.env, DEPIN_HOME: mkdtempSync(join(tmpdir(), 'depin-bench-')), NO_COLOR: '1' };
  return [
    {
      name: 'depin --help vs node -e 0',
      ours: { label: 'depin --help', command: process.execPath, args: [bin, '--help'], env },
      baseline: { label: 'node -e 0', command: process.execPath, args: ['-e', '0'], env },
      runs,
      goal: 1.3,
    },
    {
      name: 'detect --json vs si.getStaticData',
      ours: { label: 'depin detect --json', command: process.execPath, args: [bin, 'detect', '--json'], env },
      baseline: {
        label: 'systeminformation.getStaticData()',
        command: process.execPath,
        args: ['--input-type=module', '-e', "const si = await import('systeminformation'); await si.default.getStaticData();"],
        env: { ...env },
      },
      runs: Math.max(3, Math.floor(runs / 3)),
      goal: 1.0,
    },
  ];
}

export { root };
