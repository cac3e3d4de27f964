import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';

/**
 * Writes a file atomically: a new temp file beside it (exclusive create, so two writers never share
 * one), flushed to disk, then renamed over the target. rename(2) replaces the name in one step, so a
 * crash or a kill at any moment leaves either the old file or the new one, never half of either; a
 * failed write removes its temp file and leaves the target as it was. Folders it creates are 0700.
 */
export function writeFileAtomic(path: string, contents: string, mode = 0o600): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, contents, { mode, flag: 'wx', flush: true });
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  syncDir(dir);
}

/** Makes the rename itself durable across a power loss; not every platform can fsync a folder. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some network file systems refuse; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
