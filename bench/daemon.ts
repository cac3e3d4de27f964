/**
 * `depin daemon` idle with 13 joined networks (50 ms probes, 1 s interval): resident memory after N
 * cycles and CPU time per health cycle, beside a bare Node process making the same probes; then the
 * time to answer /metrics beside a bare prom-client registry with the same series.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './startup.js';
import { NETWORKS, networkIds, opsHome, startProbeServer, type ProbeServer } from './ops-world.js';

const bin = join(root, 'bin', 'depin.js');
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const WARM_CYCLES = 5;
const CYCLES = 20;
/**
 * V8's own defaults for what bin/depin.js changes in the daemon: the young generation (kept small
 * unless node is given a semi-space flag) and TurboFan (off unless node is given --opt/--turbofan).
 */
export const V8_DEFAULT_YOUNG_GEN = ['--max-semi-space-size=0', '--semi-space-growth-factor=2', '--turbofan'];

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process in seconds, from /proc (clock ticks are 100 per second on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function statusKb(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

interface Started {
  child: ChildProcess;
  stderr(): string;
}

async function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.resume();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (ready.test(err)) return { child, stderr: () => err };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start:\n${err}`);
}

async function waitHits(probes: ProbeServer, target: number, who: Started): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (probes.hits() < target) {
    if (Date.now() > deadline || who.child.exitCode !== null) throw new Error(`probes stopped at ${probes.hits()} of ${target}:\n${who.stderr()}`);
    await sleep(20);
  }
}

interface Measured {
  label: string;
  rssMb: number;
  peakRssMb: number;
  cpuMsPerCycle: number;
}

/** Runs one side until WARM_CYCLES + CYCLES cycles of probes reached the server; measures the last CYCLES. */
async function measure(label: string, probes: ProbeServer, start: () => Promise<Started>, keep = false): Promise<Measured & { started: Started }> {
  const base = probes.hits();
  const s = await start();
  const pid = s.child.pid!;
  await waitHits(probes, base + NETWORKS * WARM_CYCLES, s);
  const cpu0 = cpuSeconds(pid);
  const h0 = probes.hits();
  // RSS moves with every garbage collection, so it is sampled through the window and the median kept.
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(statusKb(pid, 'VmRSS') / 1024), 100);
  try {
    await waitHits(probes, h0 + NETWORKS * CYCLES, s);
  } finally {
    clearInterval(sampler);
  }
  const cpu1 = cpuSeconds(pid);
  const cycles = (probes.hits() - h0) / NETWORKS;
  const result = {
    label,
    rssMb: median(rss),
    peakRssMb: statusKb(pid, 'VmHWM') / 1024,
    cpuMsPerCycle: ((cpu1 - cpu0) * 1000) / cycles,
    started: s,
  };
  if (!keep) await stop(s);
  return result;
}

async function stop(s: Started): Promise<void> {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function timeGet(url: string): Promise<number> {
  const t = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200 || body.length === 0) throw new Error(`${url} answered ${res.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function metricsBenchmark(daemonPort: number): Promise<void> {
  const ours = `http://127.0.0.1:${daemonPort}/metrics`;
  const text = await (await fetch(ours)).text();
  const file = join(mkdtempSync(join(tmpdir(), 'depin-bench-metrics-')), 'metrics.txt');
  writeFileSync(file, text);
  const bare = spawn(process.execPath, [here('./bare-metrics.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      bare.stdout!.once('data', (d) => resolve(Number(String(d).trim())));
      bare.once('exit', (code) => reject(new Error(`the bare metrics server exited ${code}`)));
    });
    const baseline = `http://127.0.0.1:${port}/metrics`;
    const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
    const oursMs: number[] = [];
    const baseMs: number[] = [];
    for (let i = 0; i < 20; i++) await Promise.all([timeGet(ours), timeGet(baseline)]);
    for (let i = 0; i < 300; i++) {
      oursMs.push(await timeGet(ours));
      baseMs.push(await timeGet(baseline));
    }
    const [o, b] = [median(oursMs), median(baseMs)];
    console.log(`\nmetrics: GET /metrics, ${series} series, ${text.length} bytes (median of 300, alternated, keep-alive)`);
    console.log(`  depin daemon /metrics                      ${o.toFixed(3).padStart(8)} ms`);
    console.log(`  bare prom-client registry, same series     ${b.toFixed(3).padStart(8)} ms`);
    console.log(`  ratio ${(o / b).toFixed(2)}x, goal < 1.5x: ${o / b < 1.5 ? 'met' : 'NOT MET'}`);
  } finally {
    bare.kill('SIGTERM');
  }
}

export async function daemonBenchmark(which: { daemon: boolean; metrics: boolean }): Promise<void> {
  const probes = await startProbeServer();
  try {
    const env = opsHome(probes, NETWORKS, NETWORKS);
    const daemonArgs = [bin, 'daemon', '--listen', '127.0.0.1:0', '--interval', '1s'];
    const listening = /listening on http:\/\/127\.0\.0\.1:\d+/;
    const results: Measured[] = [];
    let portOf: Started | undefined;
    const first = await measure('depin daemon', probes, () => startChild(daemonArgs, env, listening), true);
    results.push(first);
    portOf = first.started;
    if (which.metrics) await metricsBenchmark(Number(/127\.0\.0\.1:(\d+)/.exec(portOf.stderr())![1]));
    await stop(first.started);
    if (!which.daemon) return;
    results.push(
      // As `depin service install` runs it: the unit sets MALLOC_ARENA_MAX=2.
      await measure('depin daemon, environment of the systemd unit (MALLOC_ARENA_MAX=2)', probes, () =>
        startChild(daemonArgs, { ...env, MALLOC_ARENA_MAX: '2' }, listening),
      ),
    );
    results.push(
      await measure(`depin daemon, V8 defaults: node ${V8_DEFAULT_YOUNG_GEN.join(' ')}`, probes, () =>
        startChild([...V8_DEFAULT_YOUNG_GEN, ...daemonArgs], env, listening),
      ),
    );
    results.push(
      await measure('bare node, same probes', probes, () =>
        startChild([here('./bare-probes.js'), '1000', ...networkIds(NETWORKS).map((id) => probes.url(id))], { PATH: process.env.PATH }, /probing/),
      ),
    );
    console.log(`\ndaemon: ${NETWORKS} joined networks, 50 ms probes, --interval 1s; after ${WARM_CYCLES} warm-up cycles, over ${CYCLES} cycles`);
    console.log(`  ${'process'.padEnd(84)} ${'RSS (median)'.padStart(12)} ${'peak RSS'.padStart(9)} ${'CPU/cycle'.padStart(10)}`);
    for (const r of results)
      console.log(
        `  ${r.label.padEnd(84)} ${`${r.rssMb.toFixed(1)} MB`.padStart(12)} ${`${r.peakRssMb.toFixed(1)} MB`.padStart(9)} ${`${r.cpuMsPerCycle.toFixed(1)} ms`.padStart(10)}`,
      );
    const bare = results.at(-1)!;
    for (const r of results.slice(0, -1))
      console.log(
        `  ${r.label}: RSS ${r.rssMb.toFixed(1)} MB, goal < 80 MB: ${r.rssMb < 80 ? 'met' : 'NOT MET'}; CPU per cycle ${(r.cpuMsPerCycle / bare.cpuMsPerCycle).toFixed(2)}x the bare process`,
      );
  } finally {
    await probes.close();
  }
}
