import { readFileSync } from 'node:fs';
import { DepinError } from '../domain/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { withFileLock } from './file-lock.js';
import { configKey } from './config-keys.js';

/** Config as stored: nested JSON (`{"rpc": {"solana": "…"}}`), addressed by dotted keys. */
export type ConfigValues = Record<string, string | number>;

function flatten(value: unknown, prefix: string, out: Record<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = value;
  }
}

function nest(values: ConfigValues): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const key of Object.keys(values).sort()) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = values[key];
  }
  return root;
}

/** Checks one value against its key's schema; returns the parsed value or a DepinError. */
export function validateValue(key: string, raw: unknown, where: string): string | number {
  const def = configKey(key);
  if (!def) {
    throw new DepinError('CONFIG_UNKNOWN_KEY', `${where}: unknown config key "${key}"`, {
      suggestion: 'Run `depin config list` to see the valid keys.',
    });
  }
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => i.message).join('; ');
    throw new DepinError('CONFIG_INVALID_VALUE', `${where}: invalid value for "${key}": ${why}`, {
      suggestion: `Fix it with \`depin config set ${key} <value>\` or \`depin config unset ${key}\`.`,
    });
  }
  return parsed.data;
}

/** Reads and validates the config file; a missing file is an empty config. Never modifies the file. */
export function readConfigFile(path: string): ConfigValues {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DepinError('CONFIG_UNREADABLE', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DepinError('CONFIG_CORRUPT', `config file ${path} is not valid JSON (${(error as Error).message})`, {
      suggestion: `Fix or remove ${path}; depin left it untouched.`,
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new DepinError('CONFIG_CORRUPT', `config file ${path} must hold a JSON object`, {
      suggestion: `Fix or remove ${path}; depin left it untouched.`,
    });
  }
  const flat: Record<string, unknown> = {};
  flatten(data, '', flat);
  const values: ConfigValues = {};
  for (const [key, raw] of Object.entries(flat)) values[key] = validateValue(key, raw, `config file ${path}`);
  return values;
}

/** Replaces the file's contents (under its lock, so it never lands in the middle of an update). */
export function writeConfigFile(path: string, values: ConfigValues): void {
  withFileLock(path, () => writeFileAtomic(path, `${JSON.stringify(nest(values), null, 2)}\n`));
}

/**
 * Read-modify-write of the config file under its lock, so parallel `config set` runs each keep their
 * key. `change` gets the current (validated) values and returns the new ones, or undefined to leave
 * the file as it is; whatever it throws leaves the file untouched.
 */
export function updateConfigFile(path: string, change: (values: ConfigValues) => ConfigValues | undefined): void {
  withFileLock(path, () => {
    const next = change(readConfigFile(path));
    if (next) writeConfigFile(path, next);
  });
}
