// Baseline for the metrics benchmark: a bare prom-client registry holding the same series as a daemon's
// /metrics (read from the exposition text in argv[2]), served by node:http. Prints its port on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';

const text = readFileSync(process.argv[2], 'utf8');
const registry = new Registry();
const types = new Map<string, string>();
const helps = new Map<string, string>();
const samples = new Map<string, { labels: Record<string, string>; value: number }[]>();
for (const line of text.split('\n')) {
  let m = /^# TYPE (\S+) (\S+)$/.exec(line);
  if (m) types.set(m[1], m[2]);
  m = /^# HELP (\S+) (.*)$/.exec(line);
  if (m) helps.set(m[1], m[2]);
  m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (m) {
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    samples.set(m[1], [...(samples.get(m[1]) ?? []), { labels, value: Number(m[3]) }]);
  }
}
for (const [name, type] of types) {
  const rows = samples.get(name) ?? [];
  const labelNames = [...new Set(rows.flatMap((r) => Object.keys(r.labels)))];
  const help = helps.get(name) ?? name;
  if (type === 'counter') {
    const c = new Counter({ name, help, labelNames, registers: [registry] });
    for (const r of rows) c.inc(r.labels, r.value);
  } else {
    const g = new Gauge({ name, help, labelNames, registers: [registry] });
    for (const r of rows) g.set(r.labels, r.value);
  }
}
const server = createServer(async (_req, res) => {
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
