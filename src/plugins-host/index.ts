export type { DisabledPlugin, LoadedPlugin, LoadPluginsOptions, PluginRegistry } from './types.js';
export { validatePlugin, SUPPORTED_API_VERSIONS } from './validate.js';
export type { PluginValidation } from './validate.js';
export { loadPlugins } from './load.js';
export { findPlugin } from './find.js';
export { addPlugin, removePlugin } from './manage.js';
export type { AddPluginResult } from './manage.js';
export { listInstalledPackages } from './third-party.js';
export { isPluginPackageName } from './package-name.js';
