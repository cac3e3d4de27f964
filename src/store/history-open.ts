import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DepinError } from '../domain/errors.js';
import { migrate, SchemaTooNewError } from './migrations.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** Error codes of better-sqlite3 that mean the file itself is damaged or not a database. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

export function isDamagedError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return [...DAMAGED].some((c) => code === c || code.startsWith(`${c}_`));
}

export function damagedHistoryError(file: string, detail: string, cause?: unknown): DepinError {
  return new DepinError('HISTORY_DAMAGED', `${file} is not a readable depin history database (${detail}); it was left untouched`, {
    suggestion: `Move it aside, e.g. \`mv "${file}" "${file}.broken"\`, and run the command again: depin starts a new history there. Wallets and settings live elsewhere and are not affected.`,
    cause,
  });
}

/** Reads the first bytes without opening the file through SQLite, so a foreign file is never written. */
function checkHeader(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    if (read < buffer.length || buffer.toString('latin1') !== SQLITE_HEADER) {
      throw damagedHistoryError(file, 'it does not start with the SQLite header');
    }
  } finally {
    closeSync(fd);
  }
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (error) {
    throw new DepinError('SQLITE_UNAVAILABLE', `the SQLite driver (better-sqlite3) could not be loaded: ${(error as Error).message}`, {
      suggestion: 'Rebuild it for this Node version: `npm rebuild better-sqlite3` in the folder depin is installed in.',
      cause: error,
    });
  }
}

/**
 * The history holds wallet addresses and balances: owner-only, like config.json. Created empty with
 * 0600 (SQLite gives its -wal and -shm files the database file's mode); older files are tightened.
 */
function ownerOnly(file: string): void {
  // 'a' and not 'wx': another run may create it between the check and the open.
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // Absent, or not ours to change: opening it reports what matters.
    }
  }
}

export interface OpenOptions {
  /** How long a writer waits for another process's lock before failing (default 10 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the history file with WAL, a busy timeout so concurrent runs wait for
 * each other instead of failing, synchronous=NORMAL (safe with WAL against a killed process) and
 * foreign keys, then migrates it. Any failure becomes a DepinError naming the file.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<BetterSqlite3.Database> {
  checkHeader(file);
  const Database = await loadDriver();
  mkdirSync(dirname(file), { recursive: true });
  let db: BetterSqlite3.Database | undefined;
  try {
    ownerOnly(file);
    db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DepinError) throw error;
    if (isDamagedError(error)) throw damagedHistoryError(file, (error as Error).message, error);
    if (error instanceof SchemaTooNewError) {
      throw new DepinError('HISTORY_TOO_NEW', `${file} was written by a newer depin (${error.message})`, {
        suggestion: 'Update depin (`npm install -g depin`), or point DEPIN_HOME at another folder to keep using this version.',
        cause: error,
      });
    }
    throw new DepinError('HISTORY_OPEN', `could not open the history database ${file}: ${(error as Error).message}`, {
      suggestion: `Check that ${dirname(file)} exists and is writable by this user, and that no disk is full.`,
      cause: error,
    });
  }
}
