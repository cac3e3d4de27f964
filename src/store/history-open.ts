import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DepinError } from '../domain/errors.js';
import { describeProblems, historyWriteProblem, isReadOnlyError, quickCheck, readOnlyHistoryError } from './history-check.js';
import { migrate, SchemaTooNewError } from './migrations.js';
import { createPrivateFile, ensurePrivateDir, restrictToOwner } from './private-files.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** Error codes of better-sqlite3 that mean the file itself is damaged or not a database. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

export function isDamagedError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return [...DAMAGED].some((c) => code === c || code.startsWith(`${c}_`));
}

export function damagedHistoryError(file: string, detail: string, cause?: unknown): DepinError {
  return new DepinError('HISTORY_DAMAGED', `${file} is not a readable depin history database (${detail}); it was left untouched`, {
    suggestion: `Move it aside, e.g. \`mv "${file}" "${file}.broken"\`, and run the command again: depin starts a new history there and fills it from the next reads. Wallets and settings live elsewhere and are not affected.`,
    cause,
  });
}

/** Reads the first bytes without opening the file through SQLite, so a foreign file is never written. */
export function checkHeader(file: string): void {
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

export async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (error) {
    throw new DepinError('SQLITE_UNAVAILABLE', `the SQLite driver (better-sqlite3) could not be loaded: ${(error as Error).message}`, {
      suggestion: 'Rebuild it for this Node version: `npm rebuild better-sqlite3` in the folder depin is installed in.',
      cause: error,
    });
  }
}

export interface OpenOptions {
  /** How long a writer waits for another process's lock before failing (default 10 s). */
  busyTimeoutMs?: number;
  /**
   * The caller only reads (`earnings --offline`, `report`): skip the whole-file quick check. It exists
   * to keep writes out of a damaged file, and costs a read of every page; a damaged page a read does
   * touch still fails with the same "not a readable history" error.
   */
  readsOnly?: boolean;
}

/**
 * Opens (creating if needed) the history file with WAL, a busy timeout so concurrent runs wait for
 * each other instead of failing, synchronous=NORMAL (safe with WAL against a killed process) and
 * foreign keys, then migrates it. Any failure becomes a DepinError naming the file.
 *
 * Before anything is read or written the file must be writable and pass SQLite's quick check, so a
 * command stops before its network reads rather than losing them, and never writes into a damaged
 * file (SQLite only notices damage on the pages a statement touches, and appends touch few). The
 * check runs on every open because it is cheap next to one run's network reads: it reads each page
 * once, about 4 ms per MB warm on a busy 2-core machine (146 MB, 500,000 snapshots: 560 ms).
 * A history grows about 2 MB a year with daily runs over 20 balances, 50 MB with hourly ones.
 * A header or per-page checksum would be cheaper still, but SQLite keeps none unless built with the
 * checksum VFS, which better-sqlite3 is not.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<BetterSqlite3.Database> {
  checkHeader(file);
  const readOnly = historyWriteProblem(file);
  if (readOnly) throw readOnly;
  const Database = await loadDriver();
  ensurePrivateDir(dirname(file));
  // SQLite gives -wal and -shm the mode of the database file, so all three end up 0600.
  createPrivateFile(file);
  restrictToOwner(file, `${file}-wal`, `${file}-shm`);
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
    if (!options.readsOnly) {
      const problems = quickCheck(db);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw damagedHistoryError(file, `SQLite's quick check found damage: ${describeProblems(problems)}`);
      }
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DepinError) throw error;
    if (isDamagedError(error)) throw damagedHistoryError(file, (error as Error).message, error);
    if (isReadOnlyError(error)) throw readOnlyHistoryError(file, (error as Error).message, error);
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
