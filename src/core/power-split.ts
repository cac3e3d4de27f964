/**
 * The `power.split` setting: how the machine's baseline watts are shared between joined networks,
 * written `render=2,storj=1` (network id = weight). Pure parsing; whether the ids name real networks
 * is checked where the plugins are loaded.
 */

export type SplitParse = { ok: true; weights: Record<string, number> } | { ok: false; error: string };

const ID = /^[a-z][a-z0-9-]{0,63}$/;
// Digits only: Number() would also take "", "0x10", "1e3" and "Infinity".
const WEIGHT = /^\d+(\.\d+)?$/;

export const SPLIT_EXAMPLE = 'render=2,storj=1';

export function parseSplit(text: string): SplitParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: `must list network=weight pairs, like ${SPLIT_EXAMPLE}` };
  const weights: Record<string, number> = {};
  for (const part of trimmed.split(',')) {
    const pair = part.trim();
    const eq = pair.indexOf('=');
    if (eq < 0) return { ok: false, error: `"${pair}" is not network=weight (like ${SPLIT_EXAMPLE})` };
    const id = pair.slice(0, eq).trim();
    const weight = pair.slice(eq + 1).trim();
    if (!ID.test(id)) return { ok: false, error: `"${id}" is not a network id (lower-case letters, digits and dashes, like storj)` };
    if (!WEIGHT.test(weight)) return { ok: false, error: `weight of ${id} must be a number of 0 or more written in digits, like 2 or 0.5, not "${weight}"` };
    if (id in weights) return { ok: false, error: `${id} is listed twice` };
    weights[id] = Number(weight);
  }
  if (!Object.values(weights).some((w) => w > 0)) return { ok: false, error: 'at least one weight must be above 0' };
  return { ok: true, weights };
}
