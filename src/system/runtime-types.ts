/**
 * Shared shapes of the runtime modules (systemd, kubectl, helm, downloads). Expected failures come
 * back as values carrying the exact command and its output, so a deploy step can print both.
 */
import type { Result } from '../domain/result.js';

/** Why a runtime call did not do what was asked. */
export type RuntimeFailureKind =
  /** The tool is not on PATH. */
  | 'not-installed'
  /** The tool ran and said no (non-zero exit), or the transfer failed. */
  | 'failed'
  /** The tool or transfer outlived its time limit. */
  | 'timeout'
  /** The caller's signal stopped it. */
  | 'cancelled'
  /** The tool answered with something that could not be read. */
  | 'bad-output'
  /** Refused before anything ran: bad input, a checksum mismatch, a size over the cap. */
  | 'refused';

export interface RuntimeFailure {
  kind: RuntimeFailureKind;
  /** One sentence for a person; never contains a secret. */
  message: string;
  /** The program and its arguments as run (never holds a secret: those travel on stdin). */
  command?: string[];
  exitCode?: number;
  /** The tool's stderr (or stdout when stderr is empty), trimmed. */
  output?: string;
}

export type RuntimeResult<T> = Result<T, RuntimeFailure>;

/** What every runtime module accepts: the environment (PATH decides which binary runs) and a time limit. */
export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_RUNTIME_TIMEOUT_MS = 60_000;

export function failure(kind: RuntimeFailureKind, message: string, extra: Omit<RuntimeFailure, 'kind' | 'message'> = {}): { ok: false; error: RuntimeFailure } {
  return { ok: false, error: { kind, message, ...extra } };
}
