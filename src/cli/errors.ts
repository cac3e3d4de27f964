import type { ErrorKind } from '../domain/errors.js';

export { DepinError, isDepinError, usageError } from '../domain/errors.js';

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

const EXIT_FOR_KIND: Record<ErrorKind, ExitCode> = {
  failure: EXIT.failure,
  usage: EXIT.usage,
  'not-eligible': EXIT.notEligible,
  'not-configured': EXIT.notConfigured,
  partial: EXIT.partial,
  cancelled: EXIT.cancelled,
};

/** The one place an error kind becomes a process exit code. */
export function exitCodeFor(kind: ErrorKind): ExitCode {
  return EXIT_FOR_KIND[kind];
}
