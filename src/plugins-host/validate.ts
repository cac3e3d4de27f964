import type { z } from 'zod';
import { PLUGIN_API_VERSION } from '../plugin-api/index.js';
import type { PluginDefinition } from '../plugin-api/index.js';
import { definitionSchema } from './schema.js';
import { settingsProblem } from './settings.js';

/** Outcome of checking a plugin's default export. `reason` names every missing or invalid field. */
export type PluginValidation = { ok: true; plugin: PluginDefinition } | { ok: false; reason: string };

/** API versions this host can run. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [1, PLUGIN_API_VERSION];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function describeIssue(root: unknown, issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(definition)';
  // zod's own wording for an absent field ("expected string, received undefined") buries the point.
  const missing = issue.code === 'invalid_type' && valueAt(root, issue.path) === undefined;
  return `${where}: ${missing ? 'missing' : issue.message}`;
}

/**
 * The API version a plugin declares, when it declares one that this host does not support.
 * Checked before the schema because a newer API may legitimately change the other fields.
 */
function unsupportedApiVersion(value: unknown): string | undefined {
  const manifest = isRecord(value) ? value.manifest : undefined;
  const version = isRecord(manifest) ? manifest.apiVersion : undefined;
  if (typeof version !== 'number' || SUPPORTED_API_VERSIONS.includes(version)) return undefined;
  const supported = SUPPORTED_API_VERSIONS.map((v) => `v${v}`).join(', ');
  return `plugin API v${version} is not supported by this depin (supports ${supported})`;
}

/** Checks a plugin definition (a module's default export) against the plugin API. Never throws. */
export function validatePlugin(value: unknown): PluginValidation {
  if (!isRecord(value)) {
    return { ok: false, reason: 'expected a plugin definition object (export default definePlugin({ manifest, requirements }))' };
  }
  const apiProblem = unsupportedApiVersion(value);
  if (apiProblem) return { ok: false, reason: apiProblem };
  const parsed = definitionSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(value, issue));
    return { ok: false, reason: `invalid plugin: ${problems.join('; ')}` };
  }
  const settings = settingsProblem(parsed.data.manifest.id, parsed.data.manifest.settings as PluginDefinition['manifest']['settings']);
  if (settings) return { ok: false, reason: `invalid plugin: manifest.settings: ${settings}` };
  // The original object, not zod's copy: it keeps the plugin's functions and any fields of later API minors.
  return { ok: true, plugin: value as unknown as PluginDefinition };
}
