/**
 * `depin status --json` with 13 joined networks whose health probes each take 50 ms, beside the same
 * with one joined network (the slowest single probe, CLI start included) and a bare Node process that
 * makes one 50 ms probe. The probe server lives in this process, so the children run asynchronously.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './startup.js';
import { NETWORKS, PROBE_LATENCY_MS, opsHome, startProbeServer } from './ops-world.js';

const bin = join(root, 'bin', 'depin.js');

function timeChild(args: string[], env: NodeJS.ProcessEnv, check: (stdout: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${err.slice(0, 400)}`));
      try {
        check(out);
      } catch (error) {
        return reject(error);
      }
      resolve(ms);
    });
  });
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function runningNodes(expected: number) {
  return (stdout: string) => {
    const doc = JSON.parse(stdout) as { nodes: { state: string }[] };
    const running = doc.nodes.filter((n) => n.state === 'running').length;
    if (doc.nodes.length !== expected || running !== expected) throw new Error(`expected ${expected} running nodes, got ${running} of ${doc.nodes.length}`);
  };
}

export async function statusBenchmark(runs: number): Promise<void> {
  const probes = await startProbeServer();
  try {
    const many = opsHome(probes, NETWORKS, NETWORKS);
    const one = opsHome(probes, NETWORKS, 1);
    const sides = [
      { label: `depin status --json, ${NETWORKS} networks`, args: [bin, 'status', '--json'], env: many, check: runningNodes(NETWORKS) },
      { label: 'depin status --json, 1 network', args: [bin, 'status', '--json'], env: one, check: runningNodes(1) },
      {
        label: `bare node, one ${PROBE_LATENCY_MS} ms probe`,
        args: ['--input-type=module', '-e', `const r = await fetch(${JSON.stringify(probes.url('bare'))}); await r.json();`],
        env: { PATH: process.env.PATH },
        check: () => undefined,
      },
    ];
    const times: number[][] = sides.map(() => []);
    for (let i = 0; i <= runs; i++)
      for (const [k, side] of sides.entries()) {
        const ms = await timeChild(side.args, side.env, side.check);
        if (i > 0) times[k].push(ms); // the first round warms the disk cache
      }
    const [m13, m1, bare] = times.map(median);
    console.log(`\nstatus: ${NETWORKS} joined networks, each health probe ${PROBE_LATENCY_MS} ms on loopback (median of ${runs}, alternated)`);
    for (const [k, side] of sides.entries()) console.log(`  ${side.label.padEnd(42)} ${median(times[k]).toFixed(1).padStart(7)} ms`);
    const ratio = m13 / m1;
    console.log(`  ${NETWORKS} networks / 1 network (the slowest single probe): ${ratio.toFixed(2)}x, goal <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT MET'}`);
    console.log(`  ${NETWORKS} networks / bare node probe: ${(m13 / bare).toFixed(2)}x (the CLI's start-up and plugin loading included)`);
    console.log(`  probes answered: ${probes.hits()}`);
  } finally {
    await probes.close();
  }
}
