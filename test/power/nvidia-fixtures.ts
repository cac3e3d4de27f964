/** The recorded nvidia-smi query outputs under test/fixtures (tests run from dist/test/power). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpuSampleArgs } from '../../src/core/gpu-sample.js';
import { createFakeNvidiaSmi } from '../helpers/fake-nvidia-smi.js';

/** A recorded CSV: `nvidia-smi/<name>` or `hardware/<name>`. */
export function capturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));
}

export const CAPTURES = {
  h200Load: capturePath('nvidia-smi/h200-590.48.01-load-query.csv'),
  h200MigLoad: capturePath('nvidia-smi/h200-mig-590.48.01-load-query.csv'),
  l40sLoad: capturePath('nvidia-smi/l40s-595.80-load-query.csv'),
  rtx4080SuperLoad: capturePath('nvidia-smi/rtx4080super-595.71.05-load-query.csv'),
  h200Idle: capturePath('hardware/nvidia-smi-h200-590.48.01-query.csv'),
  rtx2080SuperIdle: capturePath('hardware/nvidia-smi-rtx2080super-610.57.04-query.csv'),
};

/** What the fake nvidia-smi, replaying `capture`, prints for depin's sample query. */
export function sampleOutput(capture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'depin-smi-'));
  try {
    const smi = createFakeNvidiaSmi(dir, { capture });
    const r = spawnSync(smi, gpuSampleArgs(), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`fake nvidia-smi failed: ${r.stdout}${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
