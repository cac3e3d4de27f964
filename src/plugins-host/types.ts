import type { PluginDefinition } from '../plugin-api/index.js';

/** A plugin that passed validation and can be used. */
export interface LoadedPlugin {
  /** The manifest id (`depin join <id>`). */
  id: string;
  /** `builtin`, or the npm package name of a third-party plugin. */
  source: 'builtin' | (string & {});
  definition: PluginDefinition;
}

/** A plugin that could not be used; listed with the reason instead of breaking other commands. */
export interface DisabledPlugin {
  /** The built-in id, or the npm package name. */
  name: string;
  source: 'builtin' | (string & {});
  reason: string;
  /** The manifest id, when the plugin got far enough to declare one. */
  id?: string;
}

export interface PluginRegistry {
  /** Built-ins first, in their listed order, then third-party plugins by package name. */
  plugins: LoadedPlugin[];
  disabled: DisabledPlugin[];
}

export interface LoadPluginsOptions {
  /** npm prefix holding third-party plugins (`package.json` + `node_modules`). */
  pluginsDir: string;
  /** Load third-party plugins too (default true). */
  thirdParty?: boolean;
  /** Load only plugins with these ids; built-ins outside the list are never imported. */
  only?: string[];
  /** How long one plugin's import may take before it is disabled (default 3000 ms). */
  loadTimeoutMs?: number;
}
