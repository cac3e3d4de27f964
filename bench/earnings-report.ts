import type { EarningsFigures } from './earnings.js';

const ms = (value: number) => `${Math.round(value)} ms`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i]))
    .join('')
    .trimEnd();
}

/** Prints the earnings benchmark: a row per chain, then the totals against their goals. */
export function printEarnings(f: EarningsFigures, goals: { concurrency: number; wallGoal: number; rssGoalMb: number }): void {
  const large = f.chains.map((c) => `${c.chain} ${c.wallets[1]}`).join(', ');
  console.log('');
  console.log(`earnings: ${f.chains.reduce((n, c) => n + c.wallets[1], 0)} wallets (${large}), every token of the built-in manifests on each,`);
  console.log(`  ${f.latencyMs} ms added to every request, ${goals.concurrency} requests in flight per endpoint on both sides, median of ${f.runs} runs;`);
  console.log("  both readers' answers checked against the balances the servers hold (all equal).");
  const widths = [10, 9, 10, 15, 16, 12, 12, 10, 10];
  console.log(row(['chain', 'wallets', 'balances', 'requests ours', 'requests naive', 'round trip', 'ours alone', 'ours', 'naive'], widths));
  console.log(row(['', '10/100', 'at 100', '10 -> 100', '10 -> 100', '1 request', 'at 100', 'at 100', 'at 100'], widths));
  for (const c of f.chains) {
    console.log(
      row(
        [
          c.chain,
          `${c.wallets[0]}/${c.wallets[1]}`,
          String(c.balances),
          `${c.oursRequests[0]} -> ${c.oursRequests[1]}`,
          `${c.naiveRequests[0]} -> ${c.naiveRequests[1]}`,
          ms(c.roundTripMs),
          ms(c.oursAloneMs),
          ms(c.oursMs),
          ms(c.naiveMs),
        ],
        widths,
      ),
    );
  }
  const total = (pick: (c: EarningsFigures['chains'][number]) => number) => f.chains.reduce((n, c) => n + pick(c), 0);
  console.log(
    row(
      [
        'all',
        '',
        String(total((c) => c.balances)),
        `${total((c) => c.oursRequests[0])} -> ${total((c) => c.oursRequests[1])}`,
        `${total((c) => c.naiveRequests[0])} -> ${total((c) => c.naiveRequests[1])}`,
        '',
        '',
        ms(f.oursMs),
        ms(f.naiveMs),
      ],
      widths,
    ),
  );
  console.log('');
  console.log(`wall time, 10 wallets:  ours ${ms(f.oursSmallMs)}, naive ${ms(f.naiveSmallMs)} (one run each)`);
  console.log(`wall time, 100 wallets: ours ${ms(f.oursMs)}, naive ${ms(f.naiveMs)}: naive/ours ${f.speedup.toFixed(1)}x`);
  console.log(
    `slowest single-chain round trip: ${ms(f.slowestRoundTripMs)} (${f.slowestChain}); ours/round trip ${f.wallRatio.toFixed(2)}x ` +
      `(goal <= ${goals.wallGoal}x: ${verdict(f.wallRatio <= goals.wallGoal)})`,
  );
  const batched = f.chains.filter((c) => !f.growing.includes(c.chain));
  const slowestAlone = f.chains.reduce((a, b) => (b.oursAloneMs > a.oursAloneMs ? b : a));
  console.log(
    `  slowest chain read on its own: ${slowestAlone.chain} ${ms(slowestAlone.oursAloneMs)} (${(slowestAlone.oursAloneMs / f.slowestRoundTripMs).toFixed(2)}x the round trip); ` +
      `all chains at once: ${(f.oursMs / slowestAlone.oursAloneMs).toFixed(2)}x that`,
  );
  const growing = f.growing.map((chain) => {
    const c = f.chains.find((x) => x.chain === chain)!;
    return `${chain} ${c.oursRequests[0]} -> ${c.oursRequests[1]}`;
  });
  console.log(
    `requests per chain constant from 10 to 100 wallets: ${batched.map((c) => c.chain).join(', ') || 'none'}; ` +
      `growing: ${growing.join(', ') || 'none'} (goal: none grows: ${verdict(f.growing.length === 0)})`,
  );
  console.log(
    `peak RSS, our reader reading 100 wallets in its own Node process: ${f.peakRssMb.toFixed(1)} MB (goal < ${goals.rssGoalMb} MB: ${verdict(f.peakRssMb < goals.rssGoalMb)}); ` +
      `bare node -e: ${f.bareNodeRssMb.toFixed(1)} MB; its cold read (loading the readers' modules included) took ${ms(f.childWallMs)}`,
  );
}
