import { DepinError, usageError } from '../domain/errors.js';
import { closest } from '../core/did-you-mean.js';
import type { LoadedPlugin, PluginRegistry } from './types.js';

/**
 * The loaded plugin with this id. A disabled plugin is a failure with its reason; an unknown id is a
 * usage error (exit 2) that suggests the nearest known id.
 */
export function findPlugin(registry: PluginRegistry, id: string): LoadedPlugin {
  const found = registry.plugins.find((plugin) => plugin.id === id);
  if (found) return found;
  const disabled = registry.disabled.find((plugin) => plugin.id === id || (plugin.source === 'builtin' && plugin.name === id));
  if (disabled) {
    throw new DepinError('PLUGIN_DISABLED', `network "${id}" is disabled: ${disabled.reason}`, {
      kind: 'failure',
      suggestion: disabled.source === 'builtin' ? 'Reinstall depin.' : `Update it, or remove it with \`depin plugins remove ${disabled.name}\`.`,
    });
  }
  const known = [...registry.plugins.map((plugin) => plugin.id), ...registry.disabled.flatMap((plugin) => (plugin.id ? [plugin.id] : []))];
  const guess = closest(id, known);
  const list = 'Run `depin networks` to list them.';
  throw usageError(`unknown network "${id}"`, guess ? `did you mean "${guess}"? ${list}` : list);
}
