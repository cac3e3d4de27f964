import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DepinError } from '../../src/domain/errors.js';
import { withFileLock, withFileLockAsync } from '../../src/store/file-lock.js';

const COUNTER = fileURLToPath(new URL('./lock-counter.js', import.meta.url));

let dir: string;
const children: ChildProcess[] = [];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depin-lock-'));
});
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A process that stays alive until killed: the owner of a lock that is really held. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited (pids are not reused this quickly). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(target: string, owner: { pid: number; hostname?: string; acquiredAt?: string }): string {
  const text = JSON.stringify({ hostname: hostname(), acquiredAt: '2026-01-01T00:00:00.000Z', token: 'theirs', ...owner });
  writeFileSync(`${target}.lock`, text);
  return text;
}

function runCounters(file: string, processes: number, times: number, mode: 'sync' | 'async' | 'none'): Promise<number[]> {
  // A common start a few seconds ahead: every process is up by then, even on a loaded machine.
  const startAt = String(Date.now() + 3000);
  return Promise.all(
    Array.from({ length: processes }, () => {
      const child = spawn(process.execPath, [COUNTER, file, String(times), mode, startAt], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      return new Promise<number>((resolve) =>
        child.on('close', (code) => {
          assert.equal(stderr, '');
          resolve(code ?? -1);
        }),
      );
    }),
  );
}

describe('withFileLock', () => {
  test('runs fn holding <target>.lock (pid, host, time; 0600) and removes it afterwards', () => {
    const target = join(dir, 'plain.json');
    const seen = withFileLock(target, () => {
      const lock = `${target}.lock`;
      assert.equal(statSync(lock).mode & 0o777, 0o600);
      return JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; hostname: string; acquiredAt: string };
    });
    assert.equal(seen.pid, process.pid);
    assert.equal(seen.hostname, hostname());
    assert.ok(Math.abs(Date.parse(seen.acquiredAt) - Date.now()) < 5000, seen.acquiredAt);
    assert.equal(existsSync(`${target}.lock`), false);
  });

  test('releases the lock when fn throws, and passes the error on', () => {
    const target = join(dir, 'throws.json');
    assert.throws(
      () =>
        withFileLock(target, () => {
          throw new Error('inside');
        }),
      /inside/,
    );
    assert.equal(existsSync(`${target}.lock`), false);
    assert.equal(
      withFileLock(target, () => 42),
      42,
    );
  });

  test('a nested call for the same target runs at once instead of waiting for itself', async () => {
    const target = join(dir, 'nested.json');
    assert.equal(
      withFileLock(target, () => withFileLock(target, () => 'inner', { timeoutMs: 100 })),
      'inner',
    );
    assert.equal(await withFileLockAsync(target, () => withFileLockAsync(target, async () => 'inner', { timeoutMs: 100 })), 'inner');
    assert.equal(existsSync(`${target}.lock`), false);
  });

  test('creates a missing folder for the lock, 0700', () => {
    const target = join(dir, 'new', 'deeper', 'file.json');
    withFileLock(target, () => undefined);
    assert.equal(statSync(join(dir, 'new', 'deeper')).mode & 0o777, 0o700);
  });

  test('a lock held by a live process is waited for, then fails with the file, the holder and the fix', () => {
    const target = join(dir, 'held.json');
    const holder = liveProcess();
    const text = writeLock(target, { pid: holder.pid! });
    let ran = false;
    const started = Date.now();
    assert.throws(
      () => withFileLock(target, () => (ran = true), { timeoutMs: 300 }),
      (error: unknown) => {
        assert.ok(error instanceof DepinError, String(error));
        assert.equal(error.code, 'FILE_LOCKED');
        assert.equal(error.kind, 'failure');
        assert.ok(error.message.includes(target), error.message);
        assert.ok(error.message.includes(`pid ${holder.pid} on this machine`), error.message);
        assert.ok(error.suggestion?.includes(`${target}.lock`), error.suggestion);
        return true;
      },
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 280 && waited < 10_000, `waited ${waited} ms`);
    assert.equal(ran, false);
    assert.equal(readFileSync(`${target}.lock`, 'utf8'), text, 'a live holder keeps its lock');
  });

  test('the async twin waits without blocking and fails the same way', async () => {
    const target = join(dir, 'held-async.json');
    const holder = liveProcess();
    writeLock(target, { pid: holder.pid! });
    const started = Date.now();
    let settled = false;
    const pending = withFileLockAsync(target, async () => 1, { timeoutMs: 1500 }).finally(() => (settled = true));
    // This timer fires while the lock is awaited only if waiting leaves the event loop free.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, 'still waiting, and the event loop ran meanwhile');
    await assert.rejects(pending, (e: unknown) => e instanceof DepinError && e.code === 'FILE_LOCKED');
    assert.ok(Date.now() - started >= 1400, `waited ${Date.now() - started} ms`);
  });

  test('a lock left by a dead process on this host is taken over', () => {
    const target = join(dir, 'stale.json');
    writeLock(target, { pid: deadPid() });
    assert.equal(
      withFileLock(target, () => 'mine', { timeoutMs: 200 }),
      'mine',
    );
    assert.equal(existsSync(`${target}.lock`), false);
  });

  test('a lock of this pid that this process never took (pid reused) is taken over', () => {
    const target = join(dir, 'reused.json');
    writeLock(target, { pid: process.pid });
    assert.equal(
      withFileLock(target, () => 'mine', { timeoutMs: 200 }),
      'mine',
    );
  });

  test('a lock from another host is respected: its pid cannot be checked from here', () => {
    const target = join(dir, 'other-host.json');
    writeLock(target, { pid: deadPid(), hostname: 'some-other-host.invalid' });
    assert.throws(
      () => withFileLock(target, () => 1, { timeoutMs: 150 }),
      (e: unknown) => e instanceof DepinError && e.message.includes('host some-other-host.invalid'),
    );
    assert.ok(existsSync(`${target}.lock`));
  });

  test('an unreadable lock file is waited for while fresh (being written) and taken over once old', () => {
    const target = join(dir, 'garbled.json');
    writeFileSync(`${target}.lock`, '');
    assert.throws(
      () => withFileLock(target, () => 1, { timeoutMs: 150 }),
      (e: unknown) => e instanceof DepinError && e.code === 'FILE_LOCKED',
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${target}.lock`, old, old);
    assert.equal(
      withFileLock(target, () => 2, { timeoutMs: 150 }),
      2,
    );
  });

  test('a synchronous call while an async task of this process holds the lock fails at once instead of deadlocking', async () => {
    const target = join(dir, 'mixed.json');
    let release!: () => void;
    const holding = withFileLockAsync(target, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    // Called from outside the holder's async context, so it is not a nested call.
    assert.throws(() => withFileLock(target, () => 1, { timeoutMs: 10_000 }), /would deadlock/);
    assert.ok(Date.now() - started < 5000, 'at once, not after the timeout');
    release();
    await holding;
  });

  test('async tasks of one process take turns', async () => {
    const target = join(dir, 'turns.json');
    const order: string[] = [];
    const task = (name: string) =>
      withFileLockAsync(target, async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name} out`);
      });
    await Promise.all([task('a'), task('b'), task('c')]);
    for (let i = 0; i < order.length; i += 2) assert.equal(order[i].split(' ')[0], order[i + 1].split(' ')[0], order.join(', '));
  });

  test('rejects a negative timeout', () => {
    assert.throws(() => withFileLock(join(dir, 'x.json'), () => 1, { timeoutMs: -1 }), RangeError);
  });
});

describe('parallel processes', { timeout: 120_000 }, () => {
  test('without the lock, parallel read-modify-writes lose updates (the fault being guarded)', async () => {
    const file = join(dir, 'unlocked-counter');
    writeFileSync(file, '0');
    // They start together and each runs long enough for the others' updates to land in its windows.
    await runCounters(file, 6, 100, 'none');
    assert.ok(Number(readFileSync(file, 'utf8')) < 600, 'updates were lost');
  });

  for (const mode of ['sync', 'async'] as const) {
    test(`with withFileLock${mode === 'async' ? 'Async' : ''}, 6 processes × 15 updates keep all 90`, async () => {
      const file = join(dir, `counter-${mode}`);
      writeFileSync(file, '0');
      const codes = await runCounters(file, 6, 15, mode);
      assert.deepEqual(codes, [0, 0, 0, 0, 0, 0]);
      assert.equal(Number(readFileSync(file, 'utf8')), 90);
      assert.equal(existsSync(`${file}.lock`), false);
    });
  }

  test('processes killed while holding the lock leave it stale, and the next writers take it over', async () => {
    const file = join(dir, 'killed-counter');
    writeFileSync(file, '0');
    const victim = spawn(process.execPath, [COUNTER, file, '100000', 'sync'], { stdio: 'ignore' });
    children.push(victim);
    // Kill it once it has done some updates: sooner or later it is holding the lock when killed.
    while (Number(readFileSync(file, 'utf8') || 0) < 20) await new Promise((r) => setTimeout(r, 10));
    victim.kill('SIGKILL');
    await new Promise((r) => victim.on('close', r));
    const before = Number(readFileSync(file, 'utf8'));
    const codes = await runCounters(file, 3, 10, 'sync');
    assert.deepEqual(codes, [0, 0, 0]);
    assert.equal(Number(readFileSync(file, 'utf8')), before + 30);
  });
});
