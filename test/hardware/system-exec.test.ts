import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
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

test('a program that outlives its time limit is stopped', async () => {
  const result = await runTool('/bin/sh', ['-c', 'sleep 5'], { timeoutMs: 200 });
  assert.deepEqual(result, { ok: false, reason: '/bin/sh did not finish within 200 ms', notFound: false });
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
