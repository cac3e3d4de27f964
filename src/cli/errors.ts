/** Exit codes of the public interface (README documents the same table). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notEligible: 3,
  notConfigured: 4,
  partial: 5,
  cancelled: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The one error type. Thrown anywhere below the CLI; only `src/cli` turns it into output and an exit
 * code. Messages must never contain secrets.
 */
export class DepinError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly suggestion?: string;

  constructor(code: string, message: string, options: { exitCode?: ExitCode; suggestion?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DepinError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.suggestion = options.suggestion;
  }
}

export function usageError(message: string, suggestion?: string): DepinError {
  return new DepinError('USAGE', message, { exitCode: EXIT.usage, suggestion });
}

export function isDepinError(error: unknown): error is DepinError {
  return error instanceof DepinError;
}
