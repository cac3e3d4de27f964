/**
 * An expected failure as a value. Readers, probes, plugin calls and deploy steps return this instead
 * of throwing, so one failure never hides the results of the others.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
