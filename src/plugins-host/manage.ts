import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DepinError, usageError } from '../domain/errors.js';
import { closest } from '../core/did-you-mean.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { npmInstall, npmUninstall } from '../system/npm.js';
import { isBuiltinPluginId } from '../../plugins/index.js';
import { loadPlugins } from './load.js';
import { isPluginPackageName, looksLikeLocalPath, parseRegistrySpec } from './package-name.js';
import { listInstalledPackages } from './third-party.js';

/** What `depin plugins add` did: the package stays installed either way, and says why when it is disabled. */
export type AddPluginResult = { ok: true; name: string; id: string } | { ok: false; name: string; reason: string };

const NAMING = 'Plugin packages are named depin-plugin-<name> or @scope/depin-plugin-<name>.';

/** The package name and the spec to hand npm; usage errors for anything that is not a plugin package. */
function resolveSpec(spec: string): { name?: string; npmSpec: string } {
  if (looksLikeLocalPath(spec)) {
    const raw = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
    const dir = resolve(raw === '~' || raw.startsWith('~/') ? join(homedir(), raw.slice(1)) : raw);
    // A packed plugin (`npm pack`): its name is known once npm has unpacked it.
    if (/\.(tgz|tar\.gz)$/.test(dir) && existsSync(dir) && statSync(dir).isFile()) return { npmSpec: dir };
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw usageError(`no plugin folder at ${dir}`, "Give the path of a folder that holds the plugin's package.json, or of a tarball made by `npm pack`.");
    let name: unknown;
    try {
      name = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
    } catch (error) {
      throw usageError(`cannot read ${join(dir, 'package.json')}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof name !== 'string' || !isPluginPackageName(name))
      throw usageError(`${dir} is not a depin plugin package (name ${JSON.stringify(name ?? null)})`, NAMING);
    return { name, npmSpec: dir };
  }
  const parsed = parseRegistrySpec(spec);
  if (!parsed || !isPluginPackageName(parsed.name)) throw usageError(`"${spec}" is not a depin plugin package`, NAMING);
  return { name: parsed.name, npmSpec: spec };
}

/** Packages recorded in the plugins folder's package.json. */
function dependencyNames(pluginsDir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(pluginsDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(manifest.dependencies ?? {});
  } catch {
    return [];
  }
}

/** npm needs a package.json in the prefix, or it installs into the nearest parent project instead. */
function ensurePrefix(pluginsDir: string): void {
  const manifest = join(pluginsDir, 'package.json');
  if (existsSync(manifest)) return;
  const contents = { name: 'depin-plugins', private: true, description: 'Third-party plugins installed by `depin plugins add`.', dependencies: {} };
  writeFileAtomic(manifest, `${JSON.stringify(contents, null, 2)}\n`, 0o644);
}

/**
 * Installs a plugin package (registry spec or local folder) into `pluginsDir`, then loads it with all
 * the others to report whether it is usable. An invalid plugin stays installed and disabled.
 */
export async function addPlugin(pluginsDir: string, spec: string): Promise<AddPluginResult> {
  const resolved = resolveSpec(spec.trim());
  ensurePrefix(pluginsDir);
  const before = new Set(dependencyNames(pluginsDir));
  const installed = await npmInstall(pluginsDir, resolved.npmSpec);
  if (!installed.ok)
    throw new DepinError('PLUGIN_INSTALL_FAILED', `could not install ${resolved.name ?? resolved.npmSpec}: ${installed.reason}`, {
      suggestion: 'Check the package name and your network, then try again.',
    });
  const name = resolved.name ?? dependencyNames(pluginsDir).find((n) => !before.has(n));
  if (!name || !isPluginPackageName(name)) {
    if (name) await npmUninstall(pluginsDir, name);
    throw usageError(`${resolved.npmSpec} is not a depin plugin package (name ${JSON.stringify(name ?? null)})`, NAMING);
  }
  const registry = await loadPlugins({ pluginsDir });
  const loaded = registry.plugins.find((plugin) => plugin.source === name);
  if (loaded) return { ok: true, name, id: loaded.id };
  const disabled = registry.disabled.find((plugin) => plugin.name === name);
  return { ok: false, name, reason: disabled?.reason ?? 'it was installed but not found in the plugins folder' };
}

/** Uninstalls a third-party plugin by package name (or the part after `depin-plugin-`). */
export async function removePlugin(pluginsDir: string, name: string): Promise<{ name: string }> {
  const installed = await listInstalledPackages(pluginsDir);
  if (!installed.ok) throw new DepinError('PLUGINS_DIR_UNREADABLE', installed.reason);
  const packageName = installed.names.includes(name) ? name : installed.names.find((n) => n === `depin-plugin-${name}`);
  if (!packageName) {
    if (isBuiltinPluginId(name))
      throw usageError(
        `"${name}" is a built-in network and cannot be removed`,
        'Built-in networks are part of depin; only plugins added with `depin plugins add` can be removed.',
      );
    const guess = closest(name, installed.names);
    const list = 'Run `depin plugins list` to see installed plugins.';
    throw usageError(`plugin "${name}" is not installed`, guess ? `did you mean "${guess}"? ${list}` : list);
  }
  const removed = await npmUninstall(pluginsDir, packageName);
  if (!removed.ok) throw new DepinError('PLUGIN_REMOVE_FAILED', `could not remove ${packageName}: ${removed.reason}`);
  return { name: packageName };
}
