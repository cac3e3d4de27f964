// The fleet files pass Prometheus's own checks: rules, their unit tests, the scrape config, and the dashboard is JSON over known metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';
import { which } from '../../src/system/which.js';

const fleet = join(REPO_ROOT, 'fleet');
const noPromtool = which('promtool') ? false : 'promtool is not installed (Debian: apt-get install prometheus)';

function promtool(args: string[], cwd = fleet) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('the alerting rules pass promtool check rules', { skip: noPromtool }, () => {
  const r = promtool(['check', 'rules', 'depin-rules.yml']);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /SUCCESS: 5 rules found/);
});

test('the alerting rules pass their promtool unit tests', { skip: noPromtool }, () => {
  const r = promtool(['test', 'rules', 'depin-rules.test.yml']);
  assert.equal(r.status, 0, r.out);
});

test('a broken expectation makes promtool test rules fail (the unit tests can fail)', { skip: noPromtool }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'depin-rules-'));
  try {
    copyFileSync(join(fleet, 'depin-rules.yml'), join(dir, 'depin-rules.yml'));
    const tests = readFileSync(join(fleet, 'depin-rules.test.yml'), 'utf8').replace('eval_time: 8m', 'eval_time: 14m');
    writeFileSync(join(dir, 't.yml'), tests);
    assert.notEqual(promtool(['test', 'rules', 't.yml'], dir).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the scrape config passes promtool check config (with its token file present)', { skip: noPromtool }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'depin-prom-'));
  try {
    writeFileSync(join(dir, 'depin.token'), 'token\n', { mode: 0o600 });
    copyFileSync(join(fleet, 'depin-rules.yml'), join(dir, 'depin-rules.yml'));
    const config = readFileSync(join(fleet, 'prometheus.yml'), 'utf8').replaceAll('/etc/prometheus/depin.token', join(dir, 'depin.token'));
    writeFileSync(join(dir, 'prometheus.yml'), config);
    const r = promtool(['check', 'config', 'prometheus.yml'], dir);
    assert.equal(r.status, 0, r.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Grafana dashboard is JSON whose queries use only metrics the daemon serves', () => {
  const dashboard = JSON.parse(readFileSync(join(fleet, 'grafana-dashboard.json'), 'utf8'));
  // Every file that defines the daemon's series: its own, the history's and the GPUs'.
  const metricsSource = ['metrics.ts', 'history-metrics.ts', 'gpu-metrics.ts']
    .map((f) => readFileSync(join(REPO_ROOT, 'src', 'services', f), 'utf8'))
    .join('\n');
  const served = new Set([...metricsSource.matchAll(/(?:name: |gauge\()'(depin_[a-z0-9_]+)'/g)].map((m) => m[1]));
  assert.ok(served.size > 5);
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      for (const [name] of target.expr.matchAll(/depin_[a-z0-9_]+/g)) assert.ok(served.has(name), `${panel.title}: ${name} is not served`);
    }
  }
  const rules = readFileSync(join(fleet, 'depin-rules.yml'), 'utf8');
  for (const [name] of rules.matchAll(/depin_[a-z0-9_]+/g)) assert.ok(served.has(name), `rules: ${name} is not served`);
});
