import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** depin's own package folder (dist/src/plugins-host → the package root). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Makes `import { definePlugin } from 'depin/plugin-api'` work inside installed plugins: the plugins
 * folder gets `node_modules/depin` pointing at this depin. npm prunes links it does not know on every
 * install, and depin itself may move, so the link is checked before third-party plugins load.
 * Failure is not fatal: a plugin that does not import depin still loads.
 */
export function ensureHostLink(pluginsDir: string): void {
  const modules = join(pluginsDir, 'node_modules');
  const link = join(modules, 'depin');
  try {
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink() && resolve(modules, readlinkSync(link)) === PACKAGE_ROOT) return;
    if (stat) rmSync(link, { recursive: true, force: true });
    mkdirSync(modules, { recursive: true });
    symlinkSync(PACKAGE_ROOT, link, 'junction');
  } catch {
    // Read-only plugins folder or no symlink permission: plugins that import depin report it themselves.
  }
}
