/**
 * The one error type. Thrown anywhere below the CLI; its `kind` says what went wrong in words, and only
 * `src/cli` turns a kind into an exit code and output. Messages must never contain secrets.
 */
export type ErrorKind = 'failure' | 'usage' | 'not-eligible' | 'not-configured' | 'partial' | 'cancelled';

export interface DepinErrorOptions {
  kind?: ErrorKind;
  suggestion?: string;
  cause?: unknown;
}

export class DepinError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly suggestion?: string;

  constructor(code: string, message: string, options: DepinErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DepinError';
    this.code = code;
    this.kind = options.kind ?? 'failure';
    this.suggestion = options.suggestion;
  }
}

export function usageError(message: string, suggestion?: string): DepinError {
  return new DepinError('USAGE', message, { kind: 'usage', suggestion });
}

export function isDepinError(error: unknown): error is DepinError {
  return error instanceof DepinError;
}
