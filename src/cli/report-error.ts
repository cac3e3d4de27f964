import { DepinError, EXIT, isDepinError } from './errors.js';
import type { Output } from './output.js';

/** Prints an error the one way depin prints errors, and returns its exit code. */
export function reportError(error: unknown, output: Output, env: NodeJS.ProcessEnv = process.env): number {
  const known: DepinError = isDepinError(error)
    ? error
    : new DepinError('INTERNAL', (error as Error)?.message ?? String(error), {
        suggestion: 'This is a bug in depin; set DEPIN_DEBUG=1 for details and report it.',
      });
  output.err(`${output.paint('red', 'error:')} ${known.message}`);
  if (known.suggestion) output.err(`  ${output.paint('dim', known.suggestion)}`);
  if (env.DEPIN_DEBUG && error instanceof Error && error.stack) output.err(error.stack);
  if (output.json) {
    output.printJson({ error: { code: known.code, message: known.message, suggestion: known.suggestion ?? null, exitCode: known.exitCode } });
  }
  return known.exitCode ?? EXIT.failure;
}
