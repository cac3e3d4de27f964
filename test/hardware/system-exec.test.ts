import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../src/system/exec.js';
import { which } from '../../src/system/which.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'depin-exec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a program that exits non-zero still ran: ok with its output and exit code', async () => {
  createFakeBin(dir, 'grumpy', { stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  const result = await runTool(join(dir, 'grumpy'), ['a b', '$HOME', ';', 'rm -rf /'], { timeoutMs: 10_000 });
  assert.deepEqual(result, { ok: true, stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
  // No shell: every argument arrives verbatim.
  assert.deepEqual(readArgv(dir, 'grumpy'), [['a b', '$HOME', ';', 'rm -rf /']]);
});

test('a missing program is notFound, not an exception', async () => {
  const result = await runTool('depin-no-such-tool-4f1c', [], { timeoutMs: 5000 });
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.notFound, true);
  assert.match(!result.ok ? result.reason : '', /was not found/);
});

test('a file that is not executable cannot be started', async () => {
  const path = join(dir, 'plain.txt');
  writeFileSync(path, 'hello');
  const result = await runTool(path, [], { timeoutMs: 5000 });
  assert.deepEqual(result, { ok: false, reason: `${path} could not be started (EACCES)`, notFound: false });
});

test('a program that outlives its time limit is stopped, with every process it started', async () => {
  // `sleep` is a child of the shell that inherits stdout: killing only the shell would leave the pipe
  // open for five seconds.
  const started = performance.now();
  const result = await runTool('/bin/sh', ['-c', 'sleep 5; echo late'], { timeoutMs: 200 });
  const elapsed = performance.now() - started;
  assert.deepEqual(result, { ok: false, reason: '/bin/sh did not finish within 200 ms', notFound: false });
  assert.ok(elapsed < 2_000, `returned after ${Math.round(elapsed)} ms`);
});

test('the group is killed: a grandchild does not outlive the time limit', async () => {
  const marker = join(dir, 'grandchild-survived');
  const result = await runTool('/bin/sh', ['-c', `(sleep 1; touch '${marker}') & wait`], { timeoutMs: 150 });
  assert.equal(result.ok, false);
  await new Promise((resolve) => setTimeout(resolve, 1_400));
  assert.equal(existsSync(marker), false, 'the background grandchild kept running after the limit');
});

test('a background child that keeps stdout open does not hold a finished program', async () => {
  const started = performance.now();
  const result = await runTool('/bin/sh', ['-c', 'echo done; sleep 5 &'], { timeoutMs: 10_000 });
  const elapsed = performance.now() - started;
  assert.equal(result.ok && result.stdout, 'done\n');
  assert.ok(elapsed < 2_000, `returned after ${Math.round(elapsed)} ms`);
});

test('output streams to onOutput as it arrives, before the program ends', async () => {
  const seen: { stream: string; text: string; at: number }[] = [];
  const started = performance.now();
  const result = await runTool('/bin/sh', ['-c', 'echo one; echo warn >&2; sleep 0.4; echo two'], {
    timeoutMs: 10_000,
    onOutput: (stream, text) => seen.push({ stream, text, at: performance.now() - started }),
  });
  assert.equal(result.ok && result.stdout, 'one\ntwo\n');
  assert.equal(result.ok && result.stderr, 'warn\n');
  const first = seen.find((s) => s.text.includes('one'))!;
  const last = seen.find((s) => s.text.includes('two'))!;
  assert.ok(first.at + 300 < last.at, `first chunk at ${first.at} ms, last at ${last.at} ms: not streamed`);
  assert.ok(seen.some((s) => s.stream === 'stderr' && s.text === 'warn\n'));
});

test('collect: false streams without keeping the output', async () => {
  let streamed = '';
  const result = await runTool('/bin/sh', ['-c', 'echo hello'], { timeoutMs: 10_000, collect: false, onOutput: (_s, t) => (streamed += t) });
  assert.deepEqual(result, { ok: true, stdout: '', stderr: '', exitCode: 0 });
  assert.equal(streamed, 'hello\n');
});

test('an AbortSignal cancels a running program and its children', async () => {
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 150);
  const result = await runTool('/bin/sh', ['-c', 'sleep 5'], { timeoutMs: Infinity, signal: controller.signal });
  const elapsed = performance.now() - started;
  assert.deepEqual(result, { ok: false, reason: '/bin/sh was cancelled', notFound: false, cancelled: true });
  assert.ok(elapsed < 2_000, `returned after ${Math.round(elapsed)} ms`);
});

test('an already aborted signal starts nothing', async () => {
  const marker = join(dir, 'should-not-exist');
  const result = await runTool('/bin/sh', ['-c', `touch '${marker}'`], { timeoutMs: 5_000, signal: AbortSignal.abort() });
  assert.equal(!result.ok && result.cancelled, true);
  assert.equal(existsSync(marker), false);
});

test('env reaches the program and PATH in it decides the lookup', async () => {
  const bin = join(dir, 'envbin');
  createFakeBin(bin, 'only-here', { stdout: 'found me' });
  const result = await runTool('only-here', [], { timeoutMs: 10_000, env: { PATH: `${bin}:/usr/bin:/bin` } });
  assert.equal(result.ok && result.stdout, 'found me');
  const shell = await runTool('/bin/sh', ['-c', 'printf %s "$DEPIN_PROBE"'], { timeoutMs: 5000, env: { DEPIN_PROBE: 'x1' } });
  assert.equal(shell.ok && shell.stdout, 'x1');
});

test('which scans PATH in order and skips what is not an executable file', () => {
  const a = join(dir, 'wa');
  const b = join(dir, 'wb');
  mkdirSync(join(a, 'tool'), { recursive: true }); // a directory named like the tool
  createFakeBin(b, 'tool');
  writeFileSync(join(a, 'notexec'), 'x');
  createFakeBin(b, 'notexec');
  const env = { PATH: `${join(dir, 'missing')}:${a}:${b}` };
  assert.equal(which('tool', env), join(b, 'tool'));
  assert.equal(which('notexec', env), join(b, 'notexec'));
  assert.equal(which('absent', env), undefined);
  assert.equal(which('tool', {}), undefined);
  assert.equal(which(join(b, 'tool'), {}), join(b, 'tool'));
});
