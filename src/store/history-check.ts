import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DepinError } from '../domain/errors.js';

export function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_');
}

export function readOnlyHistoryError(file: string, detail: string, cause?: unknown): DepinError {
  return new DepinError('HISTORY_READ_ONLY', `the history database ${file} cannot be written (${detail})`, {
    kind: 'failure',
    suggestion: `Give this user write access to ${file} and its folder ${dirname(file)} (e.g. \`chmod u+w "${file}" "${dirname(file)}"\`, or chown them to this user), or set DEPIN_HOME to a writable folder.`,
    cause,
  });
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * Whether this user can write the history: the file, its -wal and -shm (SQLite writes all three), and
 * the folder (SQLite creates -wal and -shm there). Checked before a command reads anything, so a
 * read-only file stops it at once instead of after every chain has been read. access(2) also sees a
 * read-only mount; it cannot see every reason a write may fail, so writes are guarded as well.
 */
export function historyWriteProblem(file: string): DepinError | undefined {
  const dir = dirname(file);
  const folder = existsSync(dir) ? dir : nearestExisting(dir);
  const candidates = [file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f));
  for (const path of [...candidates, folder]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      const what = path === folder ? `the folder ${folder} is not writable` : `${path} is read-only for this user`;
      return readOnlyHistoryError(file, `${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error);
    }
  }
  return undefined;
}

/**
 * SQLite's `PRAGMA quick_check`: every page of every b-tree is walked and its structure verified
 * (index-to-table agreement is left out, which is what makes it quick). Returns `['ok']` when
 * healthy, otherwise the problems found; damage bad enough to stop the walk is one problem too.
 */
export function quickCheck(db: BetterSqlite3.Database): string[] {
  try {
    return (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return [(error as Error).message];
    throw error;
  }
}

/** The first problems of a failed quick check, short enough for one message. */
export function describeProblems(problems: string[]): string {
  const shown = problems.slice(0, 3).join('; ');
  return problems.length > 3 ? `${shown}; and ${problems.length - 3} more` : shown;
}
