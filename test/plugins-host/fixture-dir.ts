import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures/plugins, reached from dist/test/plugins-host. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/plugins/', import.meta.url));

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Lays out a plugins folder the way npm leaves it: package.json dependencies plus the packages under
 * node_modules. `packages` maps package name → fixture folder; `listedOnly` are dependencies that
 * were never installed.
 */
export function makePluginsDir(
  root: string,
  packages: Record<string, string>,
  options: { listedOnly?: string[]; extraDeps?: Record<string, string> } = {},
): string {
  const dir = join(root, 'plugins');
  const dependencies: Record<string, string> = { ...options.extraDeps };
  for (const [name, fixture] of Object.entries(packages)) {
    const target = join(dir, 'node_modules', ...name.split('/'));
    mkdirSync(target, { recursive: true });
    cpSync(join(FIXTURES, fixture), target, { recursive: true });
    dependencies[name] = '^0.1.0';
  }
  for (const name of options.listedOnly ?? []) dependencies[name] = '^1.0.0';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'depin-plugins', private: true, dependencies }, null, 2));
  return dir;
}
