import type { PluginDefinition } from './types.js';

/**
 * Declares a plugin. It returns the definition unchanged: validation happens in the host, so that a
 * broken third-party plugin is reported as disabled instead of throwing at import time.
 */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition;
}
