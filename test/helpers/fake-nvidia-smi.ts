/**
 * A fake `nvidia-smi` that answers any `--query-gpu=<fields>` from a recorded CSV of a larger query
 * (header line, units in the values), the way nvidia-smi itself would: the asked columns in the asked
 * order, without the header for `noheader`, without units for `nounits`. A field the recording lacks
 * gets the driver's own refusal (exit 2). It logs its argv like the fakes of fake-bin.ts.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argvLogPath } from './fake-bin.js';

export interface FakeNvidiaSmiSpec {
  /** A recorded `--query-gpu=… --format=csv` output (with its header line) to project from. */
  capture?: string;
  /** Printed verbatim instead of a projection (a driver message, garbage). */
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** Never answer (a wedged driver). */
  hang?: boolean;
}

const RUNNER = `'use strict';
const fs = require('node:fs');
const [specPath, logPath] = process.argv.slice(2, 4);
const argv = process.argv.slice(4);
fs.appendFileSync(logPath, JSON.stringify(argv) + '\\n');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
if (spec.hang) { setInterval(() => {}, 1000); return; }
function reply() {
  if (spec.stdout !== undefined || !spec.capture) return { out: spec.stdout || '', code: spec.exitCode || 0 };
  const query = argv.find((a) => a.startsWith('--query-gpu='));
  const format = (argv.find((a) => a.startsWith('--format=')) || '--format=').slice(9).split(',');
  if (!query || !format.includes('csv')) return { out: '', code: 0 };
  const wanted = query.slice(12).split(',');
  const lines = fs.readFileSync(spec.capture, 'utf8').split(/\\r?\\n/).filter((l) => l.trim() !== '');
  const head = lines[0].split(', ').map((h) => { const m = /^(.*?)(?: \\[(.*)\\])?$/.exec(h.trim()); return { name: m[1], unit: m[2] }; });
  const at = wanted.map((w) => head.findIndex((h) => h.name === w));
  const missing = wanted.find((w, i) => at[i] < 0);
  if (missing) return { out: 'Field "' + missing + '" is not a valid field to query.\\n\\n', code: 2 };
  const out = [];
  if (!format.includes('noheader'))
    out.push(at.map((i) => head[i].name + (head[i].unit && !format.includes('nounits') ? ' [' + head[i].unit + ']' : '')).join(', '));
  for (const line of lines.slice(1)) {
    const cells = line.split(', ');
    out.push(at.map((i) => {
      const cell = cells[i];
      const unit = head[i].unit;
      return format.includes('nounits') && unit && cell.endsWith(' ' + unit) ? cell.slice(0, -unit.length - 1) : cell;
    }).join(', '));
  }
  return { out: out.join('\\n') + '\\n', code: spec.exitCode || 0 };
}
const { out, code } = reply();
if (out) fs.writeSync(1, out);
if (spec.stderr) fs.writeSync(2, spec.stderr);
process.exitCode = code;
`;

/** Writes `<dir>/nvidia-smi` answering as `spec` says; put `dir` first on PATH. Returns its path. */
export function createFakeNvidiaSmi(dir: string, spec: FakeNvidiaSmiSpec): string {
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, '.fake-nvidia-smi.cjs');
  writeFileSync(runner, RUNNER);
  const specPath = join(dir, '.nvidia-smi.spec.json');
  writeFileSync(specPath, JSON.stringify(spec));
  const path = join(dir, 'nvidia-smi');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(path, `#!/bin/sh\nexec ${q(process.execPath)} ${q(runner)} ${q(specPath)} ${q(argvLogPath(dir, 'nvidia-smi'))} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
