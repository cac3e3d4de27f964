/** Version comparison for driver, CUDA and compute capability requirements. Pure. */

/** Numeric components of a version ("v550.54.14" → [550, 54, 14]); undefined when it has none. */
export function versionParts(version: string): number[] | undefined {
  const parts: number[] = [];
  for (const piece of version.trim().replace(/^v/i, '').split('.')) {
    const m = /^\d+/.exec(piece);
    if (!m) break;
    parts.push(Number.parseInt(m[0], 10));
    if (m[0].length !== piece.length) break;
  }
  return parts.length > 0 ? parts : undefined;
}

/**
 * Compares versions component by component as numbers ("12.10" is newer than "12.9"; missing
 * components count as 0). Returns -1, 0 or 1, or undefined when either has no number in it.
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | undefined {
  const pa = versionParts(a);
  const pb = versionParts(b);
  if (!pa || !pb) return undefined;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** True when `found` is the same as or newer than `min`; false when it is older or unreadable. */
export function atLeast(found: string | undefined, min: string): boolean {
  if (found === undefined) return false;
  const c = compareVersions(found, min);
  return c !== undefined && c >= 0;
}
