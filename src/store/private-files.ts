import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * depin's data is the user's business alone: wallets, settings and history reveal holdings. Folders
 * it creates are 0700, files 0600; files left readable by others by an older version are tightened
 * when depin opens them for writing.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates `file` empty with mode 0600 unless it exists, so whatever fills it later inherits 0600. */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Takes group and other permissions off each file that exists; a file owned by someone else stays as it is. */
export function restrictToOwner(...files: string[]): void {
  for (const file of files) {
    try {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) chmodSync(file, mode & 0o700);
    } catch {
      // Missing, or not ours to change: nothing to tighten.
    }
  }
}
