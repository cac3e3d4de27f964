import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { isPluginPackageName } from './package-name.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Installed plugin package names, or why the plugins folder's package.json could not be read. */
export type InstalledPackages = { ok: true; names: string[] } | { ok: false; reason: string };

/**
 * The plugin packages listed in `<pluginsDir>/package.json` dependencies, sorted. A missing file means
 * no plugins were ever added. Other dependencies are ignored: they are not plugins.
 */
export async function listInstalledPackages(pluginsDir: string): Promise<InstalledPackages> {
  let manifest: unknown;
  try {
    manifest = await readJson(join(pluginsDir, 'package.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, names: [] };
    return { ok: false, reason: `cannot read ${join(pluginsDir, 'package.json')}: ${errorMessage(error)}` };
  }
  const deps = isRecord(manifest) && isRecord(manifest.dependencies) ? manifest.dependencies : {};
  return { ok: true, names: Object.keys(deps).filter(isPluginPackageName).sort() };
}

/** The file an ESM `import` of the package would reach, following the subset of `exports` plugins use. */
function pickExport(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const entry of target) {
      const picked = pickExport(entry);
      if (picked) return picked;
    }
    return undefined;
  }
  if (!isRecord(target)) return undefined;
  if ('.' in target) return pickExport(target['.']);
  for (const condition of ['import', 'node', 'default']) {
    if (condition in target) {
      const picked = pickExport(target[condition]);
      if (picked) return picked;
    }
  }
  return undefined;
}

export type ResolvedEntry = { ok: true; path: string; version?: string } | { ok: false; reason: string };

/** Finds the entry file of an installed plugin package from its package.json `exports` or `main`. */
export async function resolvePackageEntry(pluginsDir: string, name: string): Promise<ResolvedEntry> {
  const packageDir = resolve(pluginsDir, 'node_modules', ...name.split('/'));
  let pkg: unknown;
  try {
    pkg = await readJson(join(packageDir, 'package.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, reason: `not installed in ${join(pluginsDir, 'node_modules')}; run \`depin plugins add ${name}\`` };
    return { ok: false, reason: `cannot read its package.json: ${errorMessage(error)}` };
  }
  if (!isRecord(pkg)) return { ok: false, reason: 'its package.json is not an object' };
  const entry = pkg.exports !== undefined ? pickExport(pkg.exports) : typeof pkg.main === 'string' ? pkg.main : 'index.js';
  if (!entry) return { ok: false, reason: 'its package.json exports no main entry (".")' };
  const path = resolve(packageDir, entry);
  if (path !== packageDir && !path.startsWith(packageDir + sep)) return { ok: false, reason: `its entry ${entry} points outside the package` };
  try {
    if (!(await stat(path)).isFile()) return { ok: false, reason: `its entry ${entry} is not a file` };
  } catch {
    return { ok: false, reason: `its entry ${entry} does not exist` };
  }
  return { ok: true, path, version: typeof pkg.version === 'string' ? pkg.version : undefined };
}
