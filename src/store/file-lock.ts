import { AsyncLocalStorage } from 'node:async_hooks';
import { DepinError } from '../domain/errors.js';
import { describeOwner, lockPathFor, releaseLock, tryLock, type LockAttempt } from './lock-file.js';

/** How long a writer waits for another process's lock before giving up. */
export interface FileLockOptions {
  /** Default 5000 ms: a read-modify-write of a small JSON file takes milliseconds. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_DELAY_MS = 100;

/** Lock files held by the code now running (per async context), so a nested call on the same target proceeds. */
const context = new AsyncLocalStorage<ReadonlySet<string>>();

let sleeper: Int32Array | undefined;
function sleepSync(ms: number): void {
  // Blocks the thread without spinning; nothing ever notifies this cell, so it waits the full time.
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

function timeoutOf(options: FileLockOptions | undefined): number {
  const t = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(t) || t < 0) throw new RangeError(`timeoutMs must be a number of milliseconds >= 0, not ${t}`);
  return t;
}

function timedOut(target: string, lockPath: string, attempt: Extract<LockAttempt, { ok: false }>, waitedMs: number): DepinError {
  const seconds = Math.max(0.1, Math.round(waitedMs / 100) / 10);
  return new DepinError(
    'FILE_LOCKED',
    `${target} is being changed by ${describeOwner(attempt.owner)}; gave up waiting after ${seconds} s, nothing was changed`,
    {
      kind: 'failure',
      suggestion: `Wait for that depin command to finish and run this one again. If no depin command is running, delete the lock file ${lockPath}.`,
    },
  );
}

/** Backoff between tries: short at first (the holder usually needs milliseconds), at most 100 ms, with jitter. */
function nextDelay(previous: number): number {
  return Math.min(MAX_DELAY_MS, previous * 2) * (0.75 + Math.random() * 0.5);
}

function inner<T>(lockPath: string, fn: () => T): T {
  return context.run(new Set([...(context.getStore() ?? []), lockPath]), fn);
}

/**
 * Runs `fn` while holding an exclusive lock on `target` (the file `<target>.lock`, created with
 * O_EXCL, holding this process's pid, host name and the time). Every read-modify-write of a state
 * file goes through here, so two depin processes never both read the old contents and both write.
 * A lock left by a process that died on this host is taken over; a live holder is waited for up
 * to `timeoutMs`, then a DepinError (kind failure) names the file, the holder and what to do.
 * A nested call for the same target inside `fn` runs at once. Synchronous: waiting blocks.
 */
export function withFileLock<T>(target: string, fn: () => T, options?: FileLockOptions): T {
  const lockPath = lockPathFor(target);
  if (context.getStore()?.has(lockPath)) return fn();
  const timeoutMs = timeoutOf(options);
  const started = Date.now();
  let delay = 5;
  for (;;) {
    const attempt = tryLock(lockPath, target);
    if (attempt.ok) {
      try {
        return inner(lockPath, fn);
      } finally {
        releaseLock(lockPath, attempt.token);
      }
    }
    if (attempt.ownedHere) {
      // Another task of this very process holds it; blocking the thread would keep it from ever finishing.
      throw new Error(`withFileLock(${target}): the lock is held by an asynchronous task of this process; waiting synchronously would deadlock`);
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw timedOut(target, lockPath, attempt, waited);
    sleepSync(Math.min(delay, timeoutMs - waited));
    delay = nextDelay(delay);
  }
}

/** The asynchronous twin of withFileLock: waits without blocking, and holds the lock until `fn` settles. */
export async function withFileLockAsync<T>(target: string, fn: () => Promise<T>, options?: FileLockOptions): Promise<T> {
  const lockPath = lockPathFor(target);
  if (context.getStore()?.has(lockPath)) return fn();
  const timeoutMs = timeoutOf(options);
  const started = Date.now();
  let delay = 5;
  for (;;) {
    const attempt = tryLock(lockPath, target);
    if (attempt.ok) {
      try {
        return await inner(lockPath, fn);
      } finally {
        releaseLock(lockPath, attempt.token);
      }
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw timedOut(target, lockPath, attempt, waited);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, timeoutMs - waited)));
    delay = nextDelay(delay);
  }
}
