import { pathToFileURL } from 'node:url';
import { BUILTIN_PLUGIN_IDS, builtinLoaders, isBuiltinPluginId } from '../../plugins/index.js';
import type { BuiltinPluginId } from '../../plugins/index.js';
import { listInstalledPackages, resolvePackageEntry } from './third-party.js';
import { ensureHostLink } from './host-link.js';
import type { DisabledPlugin, LoadedPlugin, LoadPluginsOptions, PluginRegistry } from './types.js';
import { validatePlugin } from './validate.js';
import { settleWithin } from './deadline.js';
import { registerPluginSettings } from './settings.js';

/** How long one third-party plugin module may take to import before it is disabled. */
export const DEFAULT_LOAD_TIMEOUT_MS = 3000;
/** Built-ins are depin's own modules and cannot hang; their bound only rules out a stuck process. */
const BUILTIN_LOAD_TIMEOUT_MS = 60_000;

type Outcome = { loaded: LoadedPlugin } | { disabled: DisabledPlugin };

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'unknown error';
}

function declaredId(value: unknown): string | undefined {
  const manifest = typeof value === 'object' && value !== null ? (value as { manifest?: unknown }).manifest : undefined;
  const id = typeof manifest === 'object' && manifest !== null ? (manifest as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Imports a module under a deadline and validates its default export; a throwing or never-ending
 * import becomes a reason, not an exception or a hang. (An import cannot be cancelled: one that
 * finishes late is simply not used.)
 */
async function loadModule(name: string, source: string, importer: () => Promise<unknown>, timeoutMs: number): Promise<Outcome> {
  const imported = await settleWithin(importer, timeoutMs);
  if (imported.status === 'timeout') return { disabled: { name, source, reason: `failed to load: its import did not finish within ${timeoutMs} ms` } };
  if (imported.status !== 'ok') return { disabled: { name, source, reason: `failed to load: ${imported.reason}` } };
  const mod = imported.value;
  const exported = typeof mod === 'object' && mod !== null ? (mod as { default?: unknown }).default : undefined;
  if (exported === undefined) {
    return { disabled: { name, source, reason: 'it has no default export (expected `export default definePlugin({...})`)' } };
  }
  const result = validatePlugin(exported);
  if (!result.ok) return { disabled: { name, source, reason: result.reason, id: declaredId(exported) } };
  return { loaded: { id: result.plugin.manifest.id, source, definition: result.plugin } };
}

async function loadBuiltin(id: BuiltinPluginId, timeoutMs: number): Promise<Outcome> {
  const outcome = await loadModule(id, 'builtin', builtinLoaders[id], timeoutMs);
  if ('loaded' in outcome && outcome.loaded.id !== id) {
    return {
      disabled: { name: id, source: 'builtin', reason: `its manifest id "${outcome.loaded.id}" does not match its folder "${id}"`, id: outcome.loaded.id },
    };
  }
  return outcome;
}

async function loadThirdParty(pluginsDir: string, timeoutMs: number): Promise<Outcome[]> {
  const installed = await listInstalledPackages(pluginsDir);
  if (!installed.ok) return [{ disabled: { name: 'package.json', source: pluginsDir, reason: installed.reason } }];
  if (installed.names.length > 0) ensureHostLink(pluginsDir);
  return Promise.all(
    installed.names.map(async (name): Promise<Outcome> => {
      const entry = await resolvePackageEntry(pluginsDir, name);
      if (!entry.ok) return { disabled: { name, source: name, reason: entry.reason } };
      return loadModule(name, name, () => import(pathToFileURL(entry.path).href), timeoutMs);
    }),
  );
}

/**
 * Loads the built-in plugins and the third-party ones installed in `pluginsDir`. Never throws for a
 * broken plugin: a failed import, an invalid definition, an unsupported API version or a duplicate
 * id lands in `disabled` with the reason, and every other plugin still loads. The loaded plugins'
 * settings become config keys (see `registerPluginSettings`), so load plugins before reading config.
 */
export async function loadPlugins(options: LoadPluginsOptions): Promise<PluginRegistry> {
  const only = options.only ? new Set(options.only) : undefined;
  const builtinIds = BUILTIN_PLUGIN_IDS.filter((id) => !only || only.has(id));
  // When every wanted id is a built-in, a third-party plugin could only be filtered out or be a duplicate.
  const wantsThirdParty = (options.thirdParty ?? true) && (!only || [...only].some((id) => !isBuiltinPluginId(id)));
  const timeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  const [builtins, thirdParty] = await Promise.all([
    Promise.all(builtinIds.map((id) => loadBuiltin(id, BUILTIN_LOAD_TIMEOUT_MS))),
    wantsThirdParty ? loadThirdParty(options.pluginsDir, timeoutMs) : Promise.resolve([]),
  ]);

  const registry: PluginRegistry = { plugins: [], disabled: [] };
  const owners = new Map<string, string>();
  for (const outcome of [...builtins, ...thirdParty]) {
    if ('disabled' in outcome) {
      registry.disabled.push(outcome.disabled);
      continue;
    }
    const { loaded } = outcome;
    if (only && !only.has(loaded.id)) continue;
    const owner = owners.get(loaded.id);
    if (owner !== undefined) {
      registry.disabled.push({
        name: loaded.source,
        source: loaded.source,
        id: loaded.id,
        reason: `duplicate id "${loaded.id}": already provided by ${owner}`,
      });
      continue;
    }
    owners.set(loaded.id, loaded.source === 'builtin' ? 'the built-in plugin' : loaded.source);
    registry.plugins.push(loaded);
  }
  registerPluginSettings(registry);
  return registry;
}
