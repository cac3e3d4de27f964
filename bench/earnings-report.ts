import type { EarningsFigures, FreshFigures, RowFigures } from './earnings.js';
import type { ServerId } from './earnings-world.js';

const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)} ms`);
const x = (value: number) => `${value.toFixed(2)}x`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
const pair = (p: [number, number] | undefined) => (p ? `${p[0]} -> ${p[1]}` : '-');
const label = (server: ServerId) => (server === 'akash' ? 'akash rpc' : server === 'akash-lcd' ? 'akash lcd' : server);

/** Why a row's requests grow with its wallets: what its API lacks. */
const GROWTH_CAUSE: Partial<Record<ServerId, string>> = {
  arweave: "Arweave's gateway has no batch request: one GET per address",
  'akash-lcd': 'the Cosmos LCD has no batch request: two GETs per address',
};

function row(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => cell.padEnd(widths[i]))
    .join('')
    .trimEnd();
}

function table(f: EarningsFigures): void {
  const widths = [11, 9, 10, 15, 16, 12, 12, 12, 11, 12, 10];
  console.log(
    row(
      ['chain', 'wallets', 'balances', 'requests ours', 'requests naive', 'round trip', 'ours alone', 'in process', 'first run', 'later runs', 'naive'],
      widths,
    ),
  );
  console.log(row(['', '10/100', 'at 100', '10 -> 100', '10 -> 100', '1 request', 'at 100', 'at 100', 'at 100', 'at 100', 'at 100'], widths));
  const line = (c: RowFigures) =>
    row(
      [
        label(c.server),
        `${c.wallets[0]}/${c.wallets[1]}`,
        String(c.balances),
        pair(c.oursRequests),
        pair(c.naiveRequests),
        ms(c.roundTripMs),
        ms(c.oursAloneMs),
        ms(c.oursMs),
        ms(c.firstRunMs),
        ms(c.laterRunMs),
        ms(c.naiveMs),
      ],
      widths,
    );
  const main = f.rows.filter((c) => c.server !== 'akash-lcd');
  for (const c of main) console.log(line(c));
  const total = (pick: (c: RowFigures) => [number, number] | undefined, i: 0 | 1) => main.reduce((n, c) => n + (pick(c)?.[i] ?? 0), 0);
  const totals = (pick: (c: RowFigures) => [number, number] | undefined) => `${total(pick, 0)} -> ${total(pick, 1)}`;
  console.log(
    row(
      [
        'all',
        '',
        String(main.reduce((n, c) => n + c.balances, 0)),
        totals((c) => c.oursRequests),
        totals((c) => c.naiveRequests),
        '',
        '',
        ms(f.oursMs),
        ms(f.first.wallMs),
        ms(f.later.wallMs),
        ms(f.naiveMs),
      ],
      widths,
    ),
  );
  for (const c of f.rows.filter((r) => r.server === 'akash-lcd')) console.log(line(c));
}

const fresh = (name: string, r: FreshFigures) =>
  `  ${name}: ${ms(r.wallMs)} (median of ${r.runs}, ${Math.round(r.minMs)}-${Math.round(r.maxMs)} ms), ${r.derivations} Solana token accounts derived`;

/** Why `wallMs` (a later run) misses the goal, from what was measured beside it. */
function wallCauses(f: EarningsFigures, wallMs: number, goal: number): string[] {
  const causes: string[] = [];
  const ours = f.rows.filter((r) => r.server !== 'akash-lcd');
  const slowestAlone = ours.reduce((a, b) => (b.oursAloneMs > a.oursAloneMs ? b : a));
  // Even alone, the slowest chain is a round trip plus its own work (parsing, the loopback servers' share of the CPU).
  const n = slowestAlone.oursRequests[1];
  const over = slowestAlone.oursAloneMs > goal * f.slowest.ms ? ', over the goal by itself' : '';
  causes.push(
    `${label(slowestAlone.server)} alone takes ${ms(slowestAlone.oursAloneMs)}, ${x(slowestAlone.oursAloneMs / f.slowest.ms)} the round trip${n > 1 ? ` (${n} requests)` : ''}${over}`,
  );
  if (f.oursMs > slowestAlone.oursAloneMs + 10) {
    causes.push(
      `all chains at once take ${ms(f.oursMs - slowestAlone.oursAloneMs)} more than the slowest chain alone, in one process ` +
        `(the readers' CPU work and the loopback servers share ${f.cores} cores)`,
    );
  }
  if (wallMs > f.oursMs + 10) {
    causes.push(
      `a fresh process takes ${ms(wallMs - f.oursMs)} more than a warm one: loading viem (for the EVM reader) alone takes ${ms(f.load.viemMs)} ` +
        `in a fresh process, the readers themselves ${ms(f.load.readersMs)}, and the event loop is single-threaded, so every chain's answer waits behind it`,
    );
  }
  return causes;
}

/** Prints the earnings benchmark: a row per chain, then the totals against their goals, with the causes of any goal not met. */
export function printEarnings(f: EarningsFigures, goals: { wallGoal: number; rssGoalMb: number }): void {
  const large = f.rows.filter((r) => r.server !== 'akash-lcd').map((c) => `${c.chain} ${c.wallets[1]}`);
  const rtt = f.slowest.ms;
  console.log('');
  console.log(
    `earnings: ${f.rows.filter((r) => r.server !== 'akash-lcd').reduce((n, c) => n + c.wallets[1], 0)} wallets (${large.join(', ')}), every token of the built-in manifests on each;`,
  );
  console.log(
    `  ${f.latencyMs} ms added to every request; ${f.concurrency} requests in flight per endpoint on both sides (http.concurrency default); medians of ${f.runs} runs.`,
  );
  console.log(`  Ours reads Akash from a CometBFT RPC (akash.api=rpc; max_request_batch_size ${f.probe.maxBatch}, CometBFT's default); the "akash lcd" row is`);
  console.log('  ours with akash.api=lcd (the default setting). The naive reader asks per (address, token), Akash from the LCD per address.');
  console.log("  Every read's answers (both Akash transports' and the naive reader's) checked against the balances the servers hold: all equal.");
  console.log('  "in process": a long-lived reader process after warm-up; "first run"/"later runs": a fresh Node process per read, as');
  console.log(`  \`depin earnings\` runs, with an empty derivation store / the ${f.storedEntries} entries the first run stored.`);
  table(f);
  console.log('');
  console.log('wall time, 100 wallets, our reader in a fresh process (loading the readers is part of the read):');
  console.log(`${fresh('first run, empty derivation store', f.first)} (loads @solana/web3.js)`);
  console.log(fresh('later runs, store filled by the first', f.later));
  console.log(
    `  module loading alone in a fresh process (medians of ${f.runs}): read-all and the readers ${ms(f.load.readersMs)}, ` +
      `viem ${ms(f.load.viemMs)}, @solana/web3.js ${ms(f.load.web3Ms)} (first run only)`,
  );
  console.log(`  in one warm process: ours ${ms(f.oursMs)} (akash.api=lcd: ${ms(f.oursLcdMs)}), naive ${ms(f.naiveMs)}: naive/ours ${f.speedup.toFixed(1)}x`);
  console.log(`wall time, 10 wallets, in one warm process: ours ${ms(f.oursSmallMs)}, naive ${ms(f.naiveSmallMs)} (one run each)`);

  const laterMet = f.later.wallMs <= goals.wallGoal * rtt;
  console.log(`slowest single-chain round trip: ${ms(rtt)} (${label(f.slowest.server)}); goal: wall time <= ${goals.wallGoal}x that`);
  console.log(
    `  later runs: ${x(f.later.wallMs / rtt)}: ${verdict(laterMet)}${laterMet ? '' : `: ${wallCauses(f, f.later.wallMs, goals.wallGoal).join('; ')}`}`,
  );
  const firstMet = f.first.wallMs <= goals.wallGoal * rtt;
  const firstCause =
    `everything a later run misses, plus ${ms(f.first.wallMs - f.later.wallMs)} for ${f.first.derivations} token-account derivations ` +
    `(loading @solana/web3.js alone takes ${ms(f.load.web3Ms)})`;
  console.log(`  first run: ${x(f.first.wallMs / rtt)}: ${verdict(firstMet)}${firstMet ? '' : `: ${firstCause}`}`);
  const warmMet = f.oursMs <= goals.wallGoal * rtt;
  console.log(`  in one warm process: ${x(f.oursMs / rtt)}: ${verdict(warmMet)}${warmMet ? '' : `: ${wallCauses(f, f.oursMs, goals.wallGoal).join('; ')}`}`);
  const lcdMet = f.oursLcdMs <= goals.wallGoal * f.slowestLcd.ms;
  const lcdRow = f.rows.find((r) => r.server === 'akash-lcd')!;
  console.log(
    `  akash.api=lcd, in one warm process: ${x(f.oursLcdMs / f.slowestLcd.ms)}: ${verdict(lcdMet)}` +
      `${lcdMet ? '' : `: akash through the LCD alone takes ${ms(lcdRow.oursAloneMs)} (${lcdRow.oursRequests[1]} requests, ${f.concurrency} at a time)`}`,
  );

  const ours = f.rows.filter((r) => r.server !== 'akash-lcd');
  const growth = (server: ServerId) => {
    const c = f.rows.find((r) => r.server === server)!;
    return `${label(server)} ${pair(c.oursRequests)} (${GROWTH_CAUSE[server] ?? 'cause unknown'})`;
  };
  console.log(
    `requests per chain constant from 10 to 100 wallets (akash.api=rpc): ${
      ours
        .filter((c) => !f.growing.includes(c.server))
        .map((c) => label(c.server))
        .join(', ') || 'none'
    }; ` + `growing: ${f.growing.map(growth).join(', ') || 'none'}: goal none grows: ${verdict(f.growing.length === 0)}`,
  );
  if (lcdRow.oursRequests[1] > lcdRow.oursRequests[0]) console.log(`  with akash.api=lcd also ${growth('akash-lcd')}`);
  const p = f.probe;
  console.log(
    `  Akash beyond one batch: all ${p.wallets} addresses (${2 * p.wallets} abci_query calls, batch limit ${p.maxBatch}): ` +
      `rpc ${p.rpc.requests} requests, ${ms(p.rpc.ms)} (${x(p.rpc.ms / f.rows.find((r) => r.server === 'akash')!.roundTripMs)} its round trip); ` +
      `lcd ${p.lcd.requests} requests, ${ms(p.lcd.ms)} (${x(p.lcd.ms / lcdRow.roundTripMs)})`,
  );

  const rss = (r: FreshFigures) => `${r.maxRssMb.toFixed(1)} MB (goal < ${goals.rssGoalMb} MB: ${verdict(r.maxRssMb < goals.rssGoalMb)})`;
  console.log(
    `peak RSS, our reader reading 100 wallets in its own Node process (highest of ${f.later.runs}): later runs ${rss(f.later)}; first run ${rss(f.first)};`,
  );
  console.log(`  bare node -e: ${f.bareNodeRssMb.toFixed(1)} MB`);
}
