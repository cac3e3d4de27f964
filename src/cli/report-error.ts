import { dirname } from 'node:path';
import { DepinError, exitCodeFor, isDepinError } from './errors.js';
import type { Output } from './output.js';

// File-system refusals come from the machine (permissions, a full or read-only disk, a file where a
// folder should be), not from a bug in depin, so they get a fix the user can act on.
const FILE_SYSTEM_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'EEXIST']);

function fileSystemError(error: unknown): DepinError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !FILE_SYSTEM_CODES.has(e.code) || !e.syscall) return undefined;
  return new DepinError('FILE_SYSTEM', e.message, {
    suggestion: `Check that ${e.path ? dirname(e.path) : 'the folder'} is a folder this user can write to and that the disk has room, or set DEPIN_HOME to a writable folder.`,
  });
}

/** Prints an error the one way depin prints errors, and returns its exit code. */
export function reportError(error: unknown, output: Output, env: NodeJS.ProcessEnv = process.env): number {
  const known: DepinError = isDepinError(error)
    ? error
    : (fileSystemError(error) ??
      new DepinError('INTERNAL', (error as Error)?.message ?? String(error), {
        suggestion: 'This is a bug in depin; set DEPIN_DEBUG=1 for details and report it.',
      }));
  output.err(`${output.paint('red', 'error:')} ${known.message}`);
  if (known.suggestion) output.err(`  ${output.paint('dim', known.suggestion)}`);
  if (env.DEPIN_DEBUG && error instanceof Error && error.stack) output.err(error.stack);
  if (output.json) {
    output.printJson({ error: { code: known.code, message: known.message, suggestion: known.suggestion ?? null, exitCode: exitCodeFor(known.kind) } });
  }
  return exitCodeFor(known.kind);
}
