import { existsSync, readFileSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { DepinError } from '../domain/errors.js';
import { describeProblems, historyWriteProblem, quickCheck } from './history-check.js';
import { checkHeader, damagedHistoryError, isDamagedError, loadDriver } from './history-open.js';
import { SCHEMA_VERSION, SchemaTooNewError } from './migrations.js';

/** What `depin doctor` learns about the history file without changing it. */
export type HistoryInspection = { state: 'absent' } | { state: 'ok'; bytes: number; schemaVersion: number } | { state: 'problem'; error: DepinError };

/** Above this size the file is checked through a read-only connection instead of a copy in memory. */
const COPY_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * Opening the file through SQLite, even read-only, creates -wal and -shm beside it; a copy in memory
 * changes nothing, so that is what is checked when no -wal exists (nothing is then pending outside
 * the main file). When -wal exists another depin may be writing and its newest pages are there: a
 * read-only connection sees them, and the files it would create are there already.
 */
function openForReading(Database: typeof BetterSqlite3, file: string, size: number): BetterSqlite3.Database {
  if (!existsSync(`${file}-wal`) && size <= COPY_LIMIT_BYTES) {
    const copy = readFileSync(file);
    // Bytes 18-19 of the header mark a WAL database; a database in memory has no WAL, so the copy says "rollback journal".
    if (copy.length >= 20) copy[18] = copy[19] = 1;
    return new Database(copy);
  }
  return new Database(file, { readonly: true, fileMustExist: true });
}

function checkOnce(Database: typeof BetterSqlite3, file: string, size: number): { problems: string[]; version: number } {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = openForReading(Database, file, size);
    const problems = quickCheck(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    return { problems, version };
  } catch (error) {
    if (isDamagedError(error)) return { problems: [(error as Error).message], version: 0 };
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Checks the history file as `depin doctor` must: nothing is created, migrated or written. Reports a
 * foreign or damaged file (SQLite's quick check), a schema from a newer depin, and a file this user
 * cannot write (every command that records history would fail on it).
 */
export async function inspectHistory(file: string): Promise<HistoryInspection> {
  if (!existsSync(file)) return { state: 'absent' };
  try {
    checkHeader(file);
    const problem = historyWriteProblem(file);
    if (problem) return { state: 'problem', error: problem };
    const size = statSync(file).size;
    if (size === 0) return { state: 'ok', bytes: 0, schemaVersion: 0 };
    const Database = await loadDriver();
    let result = checkOnce(Database, file, size);
    // A copy taken while another depin checkpointed could be torn; real damage is found again.
    if (result.problems.join() !== 'ok') result = checkOnce(Database, file, statSync(file).size);
    if (result.problems.join() !== 'ok') {
      return { state: 'problem', error: damagedHistoryError(file, `SQLite's quick check found damage: ${describeProblems(result.problems)}`) };
    }
    if (result.version > SCHEMA_VERSION) {
      const why = new SchemaTooNewError(result.version);
      return {
        state: 'problem',
        error: new DepinError('HISTORY_TOO_NEW', `${file} was written by a newer depin (${why.message})`, {
          suggestion: 'Update depin (`npm install -g depin`), or point DEPIN_HOME at another folder to keep using this version.',
        }),
      };
    }
    return { state: 'ok', bytes: size, schemaVersion: result.version };
  } catch (error) {
    if (error instanceof DepinError) return { state: 'problem', error };
    return {
      state: 'problem',
      error: new DepinError('HISTORY_OPEN', `could not check the history database ${file}: ${(error as Error).message}`, {
        suggestion: `Check that ${file} is readable by this user.`,
        cause: error,
      }),
    };
  }
}
