// The daemon samples the GPUs on every health cycle: samples land in the history, /metrics carries
// the GPU series (and passes promtool), /status has the GPU block.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { tempHome } from '../helpers/cli.js';
import { which } from '../../src/system/which.js';
import { resolvePaths } from '../../src/store/paths.js';
import { openPowerSamples } from '../../src/store/power-samples-db.js';
import { GpuMetrics } from '../../src/services/gpu-metrics.js';
import { parseGpuSamples } from '../../src/core/gpu-sample.js';
import { createFakeNvidiaSmi } from '../helpers/fake-nvidia-smi.js';
import { startDaemon, type RunningDaemon } from '../ops/daemon-harness.js';
import { CAPTURES, sampleOutput } from './nvidia-fixtures.js';

const noPromtool = which('promtool') ? false : 'promtool is not installed (Debian: apt-get install prometheus)';

function promtoolCheck(text: string) {
  return spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
}

describe('depin daemon samples GPUs', () => {
  const home = tempHome();
  const bin = join(home.dir, 'bin');
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    PATH: `${bin}:${process.env.PATH}`,
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    DEPIN_SECRETS_BACKEND: 'file',
  };
  let daemon: RunningDaemon;
  before(async () => {
    mkdirSync(bin, { recursive: true });
    createFakeNvidiaSmi(bin, { capture: CAPTURES.h200Load });
    daemon = await startDaemon(env);
  });
  after(() => {
    daemon?.child.kill('SIGKILL');
    home.cleanup();
  });

  test('every cycle stores a sample', async () => {
    const deadline = Date.now() + 20_000;
    let times: number[] = [];
    while (Date.now() < deadline) {
      const store = await openPowerSamples(resolvePaths(env).dbFile);
      try {
        times = [...new Set(store.between(0).map((s) => s.at))];
      } finally {
        store.close();
      }
      if (times.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(times.length >= 2, `samples at ${times.join(', ')}\n${daemon.stderr()}`);
  });

  test('/metrics has the GPU series, labelled by index, UUID and name; promtool accepts them', async (t) => {
    const base = `http://127.0.0.1:${daemon.port}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const labels = 'gpu="0",uuid="GPU-00000000-0000-0000-0000-000000000000",name="NVIDIA H200"';
    assert.match(metrics, new RegExp(`^depin_gpu_power_draw_watts\\{${labels}\\} 627\\.4$`, 'm'));
    assert.match(metrics, new RegExp(`^depin_gpu_utilization_ratio\\{${labels}\\} 1$`, 'm'));
    assert.match(metrics, new RegExp(`^depin_gpu_memory_used_bytes\\{${labels}\\} ${32362 * 1048576}$`, 'm'));
    assert.match(metrics, new RegExp(`^depin_gpu_memory_total_bytes\\{${labels}\\} ${143771 * 1048576}$`, 'm'));
    assert.match(metrics, new RegExp(`^depin_gpu_temperature_celsius\\{${labels}\\} 52$`, 'm'));
    assert.match(metrics, /^depin_gpu_last_sample_timestamp_seconds \d{10}$/m);
    const status = await (await fetch(`${base}/status`)).json();
    assert.equal(status.gpus[0].name, 'NVIDIA H200');
    assert.equal(status.gpus[0].powerW, 627.4);
    if (noPromtool) return t.skip(noPromtool);
    const check = promtoolCheck(metrics);
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });
});

test('a figure the driver does not give has no series (MIG: no utilisation); a GPU gone loses its series', async (t) => {
  const registry = new Registry();
  const gpus = new GpuMetrics(registry);
  const mig = parseGpuSamples(sampleOutput(CAPTURES.h200MigLoad));
  assert.ok(mig.ok);
  gpus.observe({ at: 1_700_000_000_000, gpus: mig.value });
  let text = await registry.metrics();
  assert.match(text, /^depin_gpu_power_draw_watts\{gpu="0",.*\} 295\.01$/m);
  assert.doesNotMatch(text, /^depin_gpu_utilization_ratio\{/m);
  if (!noPromtool) {
    const check = promtoolCheck(text);
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  }
  gpus.observe({ at: 1_700_000_030_000, gpus: [] });
  text = await registry.metrics();
  assert.doesNotMatch(text, /^depin_gpu_power_draw_watts\{/m);
  if (noPromtool) t.skip(`promtool part: ${noPromtool}`);
});
