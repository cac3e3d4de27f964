import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_PLUGIN_IDS } from '../../plugins/index.js';
import { DepinError } from '../../src/domain/errors.js';
import { findPlugin, loadPlugins } from '../../src/plugins-host/index.js';
import type { PluginRegistry } from '../../src/plugins-host/index.js';
import { makePluginsDir, tempDir } from './fixture-dir.js';

const temp = tempDir('depin-plugins-load-');
after(() => temp.remove());

let pluginsDir: string;
let registry: PluginRegistry;

before(async () => {
  pluginsDir = makePluginsDir(
    temp.path,
    {
      'depin-plugin-example': 'depin-plugin-example',
      '@acme/depin-plugin-scoped': 'acme-depin-plugin-scoped',
      'depin-plugin-throws': 'depin-plugin-throws',
      'depin-plugin-incomplete': 'depin-plugin-incomplete',
      'depin-plugin-future': 'depin-plugin-future',
      'depin-plugin-dupe': 'depin-plugin-dupe',
    },
    { listedOnly: ['depin-plugin-missing'], extraDeps: { 'left-pad': '^1.3.0' } },
  );
  registry = await loadPlugins({ pluginsDir });
});

function disabledReason(name: string): string {
  const entry = registry.disabled.find((d) => d.name === name);
  assert.ok(entry, `${name} should be disabled; disabled: ${registry.disabled.map((d) => d.name).join(', ')}`);
  return entry.reason;
}

test('built-ins load first, in order, then the valid third-party plugins by package name', () => {
  assert.deepEqual(
    registry.plugins.map((p) => [p.id, p.source]),
    [...BUILTIN_PLUGIN_IDS.map((id) => [id, 'builtin']), ['acme-scoped', '@acme/depin-plugin-scoped'], ['example', 'depin-plugin-example']],
  );
  const example = registry.plugins.find((p) => p.id === 'example')!;
  assert.equal(example.definition.manifest.name, 'Example Network');
  assert.deepEqual(example.definition.eligibility!({} as never), { reasons: [] });
});

test('broken plugins are disabled with the reason, and nothing else is', () => {
  assert.equal(disabledReason('depin-plugin-throws'), 'failed to load: boom: this plugin fails while loading');
  assert.match(
    disabledReason('depin-plugin-incomplete'),
    /^invalid plugin: .*manifest\.name: missing.*manifest\.homepage: missing.*manifest\.tokens\[0\]\.decimals: missing/,
  );
  assert.equal(disabledReason('depin-plugin-future'), 'plugin API v99 is not supported by this depin (supports v1, v2)');
  assert.equal(disabledReason('depin-plugin-dupe'), 'duplicate id "render": already provided by the built-in plugin');
  assert.match(disabledReason('depin-plugin-missing'), /not installed/);
  assert.deepEqual(registry.disabled.map((d) => d.name).sort(), [
    'depin-plugin-dupe',
    'depin-plugin-future',
    'depin-plugin-incomplete',
    'depin-plugin-missing',
    'depin-plugin-throws',
  ]);
  assert.ok(registry.disabled.every((d) => d.source === d.name));
  assert.equal(registry.disabled.find((d) => d.name === 'depin-plugin-future')!.id, 'future');
  // The built-in render is the one kept.
  assert.equal(findPlugin(registry, 'render').source, 'builtin');
});

test('thirdParty: false and an empty plugins folder give exactly the built-ins', async () => {
  const builtinsOnly = await loadPlugins({ pluginsDir, thirdParty: false });
  assert.deepEqual(
    builtinsOnly.plugins.map((p) => p.id),
    [...BUILTIN_PLUGIN_IDS],
  );
  assert.deepEqual(builtinsOnly.disabled, []);
  const fresh = await loadPlugins({ pluginsDir: join(temp.path, 'does-not-exist') });
  assert.deepEqual(
    fresh.plugins.map((p) => p.id),
    [...BUILTIN_PLUGIN_IDS],
  );
  assert.deepEqual(fresh.disabled, []);
});

test('only restricts the result to the named ids', async () => {
  const some = await loadPlugins({ pluginsDir, only: ['storj', 'render'] });
  assert.deepEqual(
    some.plugins.map((p) => p.id),
    ['render', 'storj'],
  );
  const third = await loadPlugins({ pluginsDir, only: ['example'] });
  assert.deepEqual(
    third.plugins.map((p) => p.id),
    ['example'],
  );
});

test('an unreadable plugins package.json disables third-party loading but not the built-ins', async () => {
  const dir = tempDir('depin-plugins-badjson-');
  try {
    writeFileSync(join(dir.path, 'package.json'), '{ not json');
    const result = await loadPlugins({ pluginsDir: dir.path });
    assert.equal(result.plugins.length, BUILTIN_PLUGIN_IDS.length);
    assert.equal(result.disabled.length, 1);
    assert.match(result.disabled[0].reason, /cannot read .*package\.json/);
  } finally {
    dir.remove();
  }
});

test('an unknown network is a usage error (exit 2) that suggests the nearest id', () => {
  assert.throws(
    () => findPlugin(registry, 'rendr'),
    (error: unknown) => {
      assert.ok(error instanceof DepinError);
      assert.equal(error.kind, 'usage');
      assert.equal(error.message, 'unknown network "rendr"');
      assert.equal(error.suggestion, 'did you mean "render"? Run `depin networks` to list them.');
      return true;
    },
  );
  assert.throws(
    () => findPlugin(registry, 'bitcoin'),
    (error: unknown) => {
      assert.ok(error instanceof DepinError);
      assert.equal(error.kind, 'usage');
      assert.equal(error.suggestion, 'Run `depin networks` to list them.');
      return true;
    },
  );
  assert.equal(findPlugin(registry, 'example').source, 'depin-plugin-example');
});

test('asking for a disabled plugin says why it is disabled', () => {
  assert.throws(
    () => findPlugin(registry, 'future'),
    (error: unknown) => {
      assert.ok(error instanceof DepinError);
      assert.equal(error.kind, 'failure');
      assert.match(error.message, /network "future" is disabled: plugin API v99/);
      return true;
    },
  );
});

test('an import that never finishes is disabled after the deadline; the other plugins load', async () => {
  const dir = tempDir('depin-plugins-hang-');
  try {
    const hangsDir = makePluginsDir(dir.path, { 'depin-plugin-hangs': 'depin-plugin-hangs', 'depin-plugin-example': 'depin-plugin-example' });
    const started = performance.now();
    const loaded = await loadPlugins({ pluginsDir: hangsDir, loadTimeoutMs: 200 });
    assert.ok(performance.now() - started < 3000);
    assert.deepEqual(loaded.disabled, [
      { name: 'depin-plugin-hangs', source: 'depin-plugin-hangs', reason: 'failed to load: its import did not finish within 200 ms' },
    ]);
    assert.ok(loaded.plugins.some((p) => p.id === 'example'));
  } finally {
    dir.remove();
  }
});
