import { spawnSync } from 'node:child_process';

/** One side of a comparison: a command line run as a child process. */
export interface Side {
  label: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface Comparison {
  name: string;
  ours: Side;
  baseline: Side;
  runs: number;
  /** Largest acceptable ours/baseline ratio of medians. */
  goal: number;
}

export interface ComparisonResult {
  name: string;
  oursMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  goal: number;
  met: boolean;
  runs: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function timeOnce(side: Side): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(side.command, side.args, { env: side.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${side.label} exited ${result.status}: ${result.stderr?.toString().slice(0, 400)}`);
  }
  return ms;
}

/**
 * Runs both sides alternately (ours, baseline, ours, …) after one warm-up each, so that machine load
 * and disk cache affect both alike, and compares medians.
 */
export function compare(c: Comparison): ComparisonResult {
  timeOnce(c.ours);
  timeOnce(c.baseline);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < c.runs; i++) {
    ours.push(timeOnce(c.ours));
    base.push(timeOnce(c.baseline));
  }
  const oursMedianMs = median(ours);
  const baselineMedianMs = median(base);
  const ratio = oursMedianMs / baselineMedianMs;
  return { name: c.name, oursMedianMs, baselineMedianMs, ratio, goal: c.goal, met: ratio <= c.goal, runs: c.runs };
}

export function printResults(results: ComparisonResult[]): void {
  if (results.length === 0) return;
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(pad('benchmark', 34) + pad('ours (median)', 16) + pad('baseline', 14) + pad('ratio', 9) + 'goal');
  for (const r of results) {
    console.log(
      pad(r.name, 34) +
        pad(`${r.oursMedianMs.toFixed(1)} ms`, 16) +
        pad(`${r.baselineMedianMs.toFixed(1)} ms`, 14) +
        pad(`${r.ratio.toFixed(2)}x`, 9) +
        `<= ${r.goal}x ${r.met ? 'met' : 'NOT MET'} (${r.runs} runs each)`,
    );
  }
}
