import { cpus, totalmem } from 'node:os';
import { compare, printResults, type ComparisonResult } from './harness.js';
import { startupComparisons } from './startup.js';

/** `npm run bench [-- --runs N] [-- --only name]`: prints medians and ratios of ours against baselines. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runsArg = argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 15;
  const onlyArg = argv.indexOf('--only');
  // `npm run bench -- status` works as well as `--only status`.
  const only = onlyArg >= 0 ? argv[onlyArg + 1] : argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs');
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${(totalmem() / 1e9).toFixed(1)} GB, Node ${process.versions.node}, ${process.platform}-${process.arch}`,
  );
  const results: ComparisonResult[] = [];
  const comparisons = startupComparisons(runs).filter((c) => !only || c.name.includes(only));
  for (const c of comparisons) results.push(compare(c));
  if (!only || 'earnings'.includes(only)) {
    const { earningsBenchmark } = await import('./earnings.js');
    await earningsBenchmark();
  }
  if (!only || 'status'.includes(only)) {
    const { statusBenchmark } = await import('./status.js');
    await statusBenchmark(Math.max(5, Math.floor(runs / 2)));
  }
  if (!only || 'daemon'.includes(only) || 'metrics'.includes(only)) {
    const { daemonBenchmark } = await import('./daemon.js');
    await daemonBenchmark({ metrics: !only || 'metrics'.includes(only), daemon: !only || 'daemon'.includes(only) });
  }
  printResults(results);
  if (!only || 'history'.includes(only) || 'report'.includes(only)) {
    const { historyBenchmark } = await import('./history.js');
    await historyBenchmark(Math.max(5, Math.floor(runs / 2)));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
