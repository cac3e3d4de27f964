import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { configKey } from '../store/config-keys.js';
import { closest } from '../core/did-you-mean.js';
import { CONFIG_KEYS } from '../store/config-keys.js';

/** Loads the plugins, whose settings are config keys too, then checks that `key` is one. */
export async function requireKey(ctx: CommandContext, key: string): Promise<void> {
  const { loadPlugins } = await import('../plugins-host/index.js');
  await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  if (configKey(key)) return;
  const guess = closest(
    key,
    CONFIG_KEYS.map((k) => k.key),
  );
  throw usageError(`unknown config key "${key}"`, `${guess ? `Did you mean "${guess}"? ` : ''}Run \`depin config list\` to see the valid keys.`);
}

export async function run(ctx: CommandContext, [key]: string[]): Promise<number> {
  await requireKey(ctx, key);
  const resolved = ctx.config().resolve(key);
  // An unset key still has a `value` field (null), so scripts can read it without a special case.
  if (ctx.output.json) ctx.output.printJson({ ...resolved, value: resolved.value ?? null });
  else if (resolved.value === undefined) ctx.output.err(`${key} is not set`);
  else ctx.output.out(String(resolved.value));
  return resolved.value === undefined ? 4 : 0;
}
