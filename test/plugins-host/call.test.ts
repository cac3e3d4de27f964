import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { callPlugin, callTimeoutFor, settleWithin } from '../../src/plugins-host/index.js';
import { DEFAULT_POLICY } from '../../src/net/http-client.js';
import storj from '../../plugins/storj/index.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { asLoaded, testHost } from './test-host.js';

const plugin = asLoaded(storj);
let hanging: FaultServer;
before(async () => {
  hanging = await startFaultServer([{ path: '/slow', handle: () => ({ body: { ok: true } }) }]);
  hanging.setFaults({ rules: [{ fault: { kind: 'hang' } }] });
});
after(() => hanging.close());

test('a value comes back as ok', async () => {
  const host = testHost([plugin]);
  assert.deepEqual(await callPlugin(host, plugin, 'test:value', (ctx) => ctx.pluginId, { timeoutMs: 1000 }), { status: 'ok', value: 'storj' });
  assert.deepEqual(await callPlugin(host, plugin, 'test:async', async () => 42, { timeoutMs: 1000 }), { status: 'ok', value: 42 });
});

test('a throw, sync or async, is failed with the plugin, the call and the first line of the message', async () => {
  const host = testHost([plugin]);
  const sync = await callPlugin(
    host,
    plugin,
    'health',
    () => {
      throw new Error('boom\nstack-ish detail');
    },
    { timeoutMs: 1000 },
  );
  assert.deepEqual(sync, { status: 'failed', reason: 'plugin storj (health): failed: boom' });
  const rejected = await callPlugin(host, plugin, 'health', () => Promise.reject('plain string'), { timeoutMs: 1000 });
  assert.deepEqual(rejected, { status: 'failed', reason: 'plugin storj (health): failed: plain string' });
});

test('a hang is a timeout after the deadline, and the context signal aborts the plugin’s requests', async () => {
  const host = testHost([plugin], {}, { http: { timeoutMs: 30_000 } });
  let signal: AbortSignal | undefined;
  let request: Promise<unknown> | undefined;
  const started = performance.now();
  const result = await callPlugin(
    host,
    plugin,
    'rewards:slow',
    (ctx) => {
      signal = ctx.signal;
      request = ctx.http.fetchJson(`${hanging.url}/slow`);
      return request;
    },
    { timeoutMs: 150 },
  );
  const elapsed = performance.now() - started;
  assert.deepEqual(result, { status: 'timeout', reason: 'plugin storj (rewards:slow): did not finish within 150 ms' });
  assert.ok(elapsed >= 140 && elapsed < 1500, `took ${elapsed} ms`);
  assert.equal(signal?.aborted, true);
  assert.deepEqual(await request, { status: 'unreachable', reason: 'plugin storj (rewards:slow) timed out' }, 'the HTTP request stopped with the signal');
});

test("the command's own cancellation ends the call at once", async () => {
  const host = testHost([plugin]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = performance.now();
  const result = await callPlugin(host, plugin, 'rewards:x', () => new Promise(() => {}), { timeoutMs: 10_000, signal: controller.signal });
  assert.deepEqual(result, { status: 'failed', reason: 'plugin storj (rewards:x): failed: cancelled' });
  assert.ok(performance.now() - started < 2000);
  const already = await callPlugin(host, plugin, 'rewards:x', () => 1, { timeoutMs: 10_000, signal: controller.signal });
  assert.equal(already.status, 'failed');
});

test('a promise that can never settle is a timeout, not the end of the process (exit 13)', () => {
  // In a process of its own: the test runner holds handles that would hide the problem.
  const module = fileURLToPath(new URL('../../src/plugins-host/deadline.js', import.meta.url));
  const script = `const { settleWithin } = await import(${JSON.stringify(module)});
    const r = await settleWithin(() => new Promise(() => {}), 100);
    console.log(JSON.stringify(r));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { status: 'timeout', reason: 'did not finish within 100 ms' });
});

test('settleWithin clears its timer when the work finishes first', async () => {
  const started = performance.now();
  assert.deepEqual(await settleWithin(() => 'done', 60_000), { status: 'ok', value: 'done' });
  assert.ok(performance.now() - started < 1000);
});

test('the reward deadline covers every attempt and wait of a few sequential requests', () => {
  assert.equal(callTimeoutFor({ ...DEFAULT_POLICY, timeoutMs: 1000, retries: 0 }, 4), 4000);
  assert.equal(callTimeoutFor({ timeoutMs: 1000, retries: 2, maxDelayMs: 500 }, 1), 4000);
  assert.equal(callTimeoutFor(DEFAULT_POLICY), 4 * (10_000 * 4 + 8_000 * 3));
});
