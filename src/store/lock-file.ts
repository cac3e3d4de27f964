import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DepinError } from '../domain/errors.js';

/** What a lock file holds: who took it and when (the token tells this process's own locks apart). */
export interface LockOwner {
  pid: number;
  hostname: string;
  acquiredAt: string;
  token: string;
}

/** One try at taking a lock. */
export type LockAttempt =
  | { ok: true; token: string }
  /** `owner` is undefined when the lock file could not be read; `ownedHere` when this process holds it. */
  | { ok: false; owner: LockOwner | undefined; ownedHere: boolean };

/**
 * A lock file whose contents cannot be read is normally one being written this very moment (create
 * and write are two steps); one older than this was left by a process that died between them.
 */
const UNREADABLE_STALE_MS = 2000;

/** Lock files this process holds, with their tokens. */
const held = new Map<string, string>();

export function lockPathFor(target: string): string {
  return `${target}.lock`;
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function readOwner(lockPath: string): { state: 'missing' } | { state: 'found'; owner: LockOwner | undefined; ageMs: number } {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(lockPath).mtimeMs;
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return { state: 'missing' };
    return { state: 'found', owner: undefined, ageMs: 0 };
  }
  try {
    const data = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(data.pid) && typeof data.hostname === 'string' && typeof data.token === 'string') {
      return { state: 'found', owner: { pid: data.pid!, hostname: data.hostname, acquiredAt: String(data.acquiredAt ?? ''), token: data.token }, ageMs };
    }
  } catch {
    // Unreadable: judged by its age below.
  }
  return { state: 'found', owner: undefined, ageMs };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errno(error) !== 'ESRCH';
  }
}

/**
 * Whether the lock's owner is gone. Only processes on this host can be checked; a lock from another
 * host (a shared home folder) is always respected. Our own pid with a token we do not hold is a lock
 * left by an earlier process that had the same pid.
 */
function isStale(lockPath: string, found: { owner: LockOwner | undefined; ageMs: number }): boolean {
  const { owner } = found;
  if (!owner) return found.ageMs > UNREADABLE_STALE_MS;
  if (owner.hostname !== hostname()) return false;
  if (owner.pid === process.pid) return held.get(lockPath) !== owner.token;
  return !pidAlive(owner.pid);
}

/**
 * Removes a stale lock. Breakers take turns through a second exclusive file, and the one whose turn
 * it is re-reads the lock first: only a breaker may remove a lock file that exists, so a stale one
 * cannot be swapped for a live one between that re-read and the unlink.
 */
function breakStale(lockPath: string): void {
  const breaker = `${lockPath}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx', 0o600);
  } catch (error) {
    if (errno(error) !== 'EEXIST') return;
    // A breaker holds this file for microseconds; an old one was left by a breaker that died.
    try {
      if (Date.now() - statSync(breaker).mtimeMs > UNREADABLE_STALE_MS) unlinkSync(breaker);
    } catch {
      // Gone already.
    }
    return;
  }
  closeSync(fd);
  try {
    const found = readOwner(lockPath);
    if (found.state === 'found' && isStale(lockPath, found)) unlinkSync(lockPath);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      // Nothing to clean.
    }
  }
}

function cannotLock(lockPath: string, target: string, error: unknown): DepinError {
  return new DepinError('FILE_LOCK_FAILED', `cannot create the lock file ${lockPath} needed to change ${target}: ${(error as Error).message}`, {
    kind: 'failure',
    suggestion: `Make ${dirname(lockPath)} writable by this user, or set DEPIN_HOME to a folder that is.`,
    cause: error,
  });
}

function create(lockPath: string, target: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if (errno(error) === 'EEXIST') return undefined;
    if (errno(error) !== 'ENOENT') throw cannotLock(lockPath, target, error);
    try {
      mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (again) {
      if (errno(again) === 'EEXIST') return undefined;
      throw cannotLock(lockPath, target, again);
    }
  }
  const owner: LockOwner = { pid: process.pid, hostname: hostname(), acquiredAt: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } catch (error) {
    closeSync(fd);
    unlinkSync(lockPath);
    throw cannotLock(lockPath, target, error);
  }
  closeSync(fd);
  held.set(lockPath, owner.token);
  return owner.token;
}

/** Takes the lock if it is free or stale; otherwise says who holds it. Never waits. */
export function tryLock(lockPath: string, target: string): LockAttempt {
  // Two rounds: a stale lock broken in the first is usually free in the second.
  for (let round = 0; round < 2; round++) {
    const token = create(lockPath, target);
    if (token) return { ok: true, token };
    const found = readOwner(lockPath);
    if (found.state === 'missing') continue;
    if (!isStale(lockPath, found)) {
      const ownedHere = found.owner?.pid === process.pid && held.get(lockPath) === found.owner.token;
      return { ok: false, owner: found.owner, ownedHere };
    }
    breakStale(lockPath);
  }
  const found = readOwner(lockPath);
  return { ok: false, owner: found.state === 'found' ? found.owner : undefined, ownedHere: false };
}

/** Removes the lock file if it is still the one this process took. */
export function releaseLock(lockPath: string, token: string): void {
  held.delete(lockPath);
  const found = readOwner(lockPath);
  if (found.state !== 'found' || found.owner?.token !== token) return;
  try {
    unlinkSync(lockPath);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  }
}

/** "another depin process (pid 123 on host a, since …)" for messages. */
export function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another depin process (its lock file is being written or cannot be read)';
  const host = owner.hostname === hostname() ? 'this machine' : `host ${owner.hostname}`;
  const since = owner.acquiredAt ? `, since ${owner.acquiredAt}` : '';
  return `another depin process (pid ${owner.pid} on ${host}${since})`;
}
