import { z } from 'zod';
import { addPluginConfigKeys, CONFIG_KEYS, url, wholeNumber, type ConfigKey } from '../store/config-keys.js';
import type { PluginSetting } from '../plugin-api/index.js';
import type { PluginRegistry } from './types.js';

// depin's own keys: this module adds the plugins' settings, so at its first import none are there yet.
const CORE_KEYS = new Set(CONFIG_KEYS.map((k) => k.key));

/** The config key of a plugin's setting. */
export const settingKey = (pluginId: string, key: string) => `${pluginId}.${key}`;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The schema `depin config set` checks a value against: the setting's type, then its own check. */
function settingSchema(pluginId: string, setting: PluginSetting): z.ZodType<string | number> {
  let base: z.ZodType<string | number>;
  if (setting.type === 'url') base = url;
  else if (setting.type === 'integer') base = wholeNumber(setting.min ?? 0, setting.max ?? Number.MAX_SAFE_INTEGER);
  else if (setting.choices) base = z.enum(setting.choices as [string, ...string[]]);
  else base = z.string().trim().min(1, 'must not be empty');
  const check = setting.validate;
  if (!check) return base;
  return base.superRefine((value, ctx) => {
    let problem: string | undefined;
    try {
      problem = check(String(value));
    } catch (error) {
      problem = `plugin ${pluginId} could not check it: ${firstLine(error)}`;
    }
    if (typeof problem === 'string' && problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A plugin's settings as config keys. */
export function settingsAsConfigKeys(pluginId: string, settings: PluginSetting[] = []): ConfigKey[] {
  return settings.map((setting) => ({
    key: settingKey(pluginId, setting.key),
    schema: settingSchema(pluginId, setting),
    default: setting.default,
    description: setting.description,
  }));
}

/**
 * What is wrong with a plugin's settings as a whole, or undefined: a default that fails the
 * setting's own checks, or a key that depin already uses for itself.
 */
export function settingsProblem(pluginId: string, settings: PluginSetting[] = []): string | undefined {
  for (const key of settingsAsConfigKeys(pluginId, settings)) {
    if (CORE_KEYS.has(key.key)) return `setting ${key.key} is one of depin's own config keys`;
    if (key.default === undefined) continue;
    const parsed = key.schema.safeParse(key.default);
    if (!parsed.success) return `setting ${key.key}: its default ${JSON.stringify(key.default)} is invalid: ${parsed.error.issues[0]?.message}`;
  }
  return undefined;
}

/**
 * Makes the settings of every loaded plugin config keys. Plugins that failed to load keep their
 * stored values readable (unchecked) under their id, so one broken plugin cannot invalidate the
 * config file for every command.
 */
export function registerPluginSettings(registry: PluginRegistry): void {
  const keys = registry.plugins.flatMap((plugin) => settingsAsConfigKeys(plugin.id, plugin.definition.manifest.settings));
  const loaded = new Set(registry.plugins.map((plugin) => plugin.id));
  // A plugin that never got to declare its id is most likely named after it (depin-plugin-<id>).
  const unloaded = registry.disabled
    .flatMap((d) => [d.id, /^(?:@[^/]+\/)?depin-plugin-(.+)$/.exec(d.name)?.[1]])
    .filter((id): id is string => id !== undefined && !loaded.has(id));
  addPluginConfigKeys(keys, unloaded);
}
