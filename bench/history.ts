import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { compare, printResults, type Comparison, type ComparisonResult } from './harness.js';
import { buildHistoryWorld } from './history-world.js';
import { root } from './startup.js';

const DAY_MS = 86_400_000;
const bin = join(root, 'bin', 'depin.js');
const query = fileURLToPath(new URL('./history-query.js', import.meta.url));

/** The goal: a command that reads the history within 2x of start-up plus the query itself. */
export const HISTORY_GOAL = 2;

/**
 * A year of daily history for 100 wallets (36,500 snapshots of one token). Ours is the command in a
 * fresh process; the baseline is `depin --version` followed by a bare process running the same
 * SQLite query over the same rows, so the ratio is what depin adds beyond starting and reading.
 */
export async function historyComparisons(
  runs: number,
  commands: (days: number, home: string) => { name: string; args: string[] }[],
): Promise<ComparisonResult[]> {
  const world = await buildHistoryWorld(100, 365);
  console.log(`history: ${world.wallets} wallets x ${world.days} days = ${world.snapshots} snapshots in ${world.dbFile}`);
  const results: ComparisonResult[] = [];
  try {
    for (const days of [30, 365]) {
      for (const c of commands(days, world.home)) {
        const since = String(Date.now() - days * DAY_MS);
        const comparison: Comparison = {
          name: c.name,
          ours: { label: c.name, command: process.execPath, args: [bin, ...c.args], env: world.env },
          baseline: {
            label: 'depin --version + bare query',
            command: 'sh',
            args: ['-c', `"$0" "$1" --version >/dev/null && "$0" "$2" "$3" "$4"`, process.execPath, bin, query, world.dbFile, since],
            env: world.env,
          },
          runs,
          goal: HISTORY_GOAL,
        };
        results.push(compare(comparison));
      }
    }
  } finally {
    rmSync(world.home, { recursive: true, force: true });
  }
  return results;
}

/** The history commands measured: `earnings --offline` and `report`, over 30 and 365 days. */
export function historyCommands(days: number, home: string): { name: string; args: string[] }[] {
  return [
    { name: `earnings --offline --since ${days}d`, args: ['earnings', '--offline', '--since', `${days}d`] },
    { name: `report --since ${days}d`, args: ['report', '--since', `${days}d`, '--out', join(home, 'report.html')] },
  ];
}

export async function historyBenchmark(runs: number): Promise<void> {
  printResults(await historyComparisons(runs, historyCommands));
}
