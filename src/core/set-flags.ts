import { z } from 'zod';

const pair = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*=/s, 'expected key=value');

/**
 * `--set key=value` flags as a map. Returns the problem instead of throwing so the caller words the
 * usage error; a key given twice is a problem, not a silent last-wins.
 */
export function parseSetFlags(raw: string[] | undefined, known: string[]): { ok: true; values: Record<string, string> } | { ok: false; problem: string } {
  const values: Record<string, string> = {};
  for (const item of raw ?? []) {
    if (!pair.safeParse(item).success) return { ok: false, problem: `--set ${item}: expected key=value` };
    const at = item.indexOf('=');
    const key = item.slice(0, at);
    if (!known.includes(key)) {
      return { ok: false, problem: `--set ${key}: unknown key${known.length ? ` (this network takes ${known.join(', ')})` : ' (this network asks nothing)'}` };
    }
    if (key in values) return { ok: false, problem: `--set ${key} is given twice` };
    values[key] = item.slice(at + 1);
  }
  return { ok: true, values };
}
