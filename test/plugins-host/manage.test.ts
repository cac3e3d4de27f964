import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DepinError } from '../../src/domain/errors.js';
import { addPlugin, loadPlugins, removePlugin } from '../../src/plugins-host/index.js';
import { FIXTURES, tempDir } from './fixture-dir.js';

// npm writes its cache and logs under HOME; keep them in the temp folder, and keep npm off the network.
const temp = tempDir('depin-plugins-manage-');
const saved = { HOME: process.env.HOME, npm_config_cache: process.env.npm_config_cache, npm_config_offline: process.env.npm_config_offline };
let pluginsDir: string;
let sources: string;

before(() => {
  process.env.HOME = join(temp.path, 'home');
  process.env.npm_config_cache = join(temp.path, 'npm-cache');
  process.env.npm_config_offline = 'true';
  mkdirSync(process.env.HOME, { recursive: true });
  pluginsDir = join(temp.path, 'data', 'plugins');
  // Copies, so that npm's file: links point at folders this test owns.
  sources = join(temp.path, 'src');
  for (const name of ['depin-plugin-example', 'depin-plugin-future']) cpSync(join(FIXTURES, name), join(sources, name), { recursive: true });
});

after(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  temp.remove();
});

function dependencies(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(pluginsDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return manifest.dependencies ?? {};
}

test('adding a valid plugin from a local folder installs and enables it', async () => {
  const result = await addPlugin(pluginsDir, join(sources, 'depin-plugin-example'));
  assert.deepEqual(result, { ok: true, name: 'depin-plugin-example', id: 'example' });
  assert.ok('depin-plugin-example' in dependencies());
  assert.ok(existsSync(join(pluginsDir, 'node_modules', 'depin-plugin-example', 'index.js')));
  const registry = await loadPlugins({ pluginsDir });
  assert.equal(registry.plugins.find((p) => p.id === 'example')?.source, 'depin-plugin-example');
});

test('an invalid plugin stays installed but disabled, with the reason', async () => {
  const result = await addPlugin(pluginsDir, join(sources, 'depin-plugin-future'));
  assert.deepEqual(result, { ok: false, name: 'depin-plugin-future', reason: 'plugin API v99 is not supported by this depin (supports v1, v2)' });
  assert.ok('depin-plugin-future' in dependencies());
});

test('specs that are not plugin packages are usage errors, before npm runs', async () => {
  for (const spec of ['left-pad', 'depin-pluginx', '@scope/left-pad@1.0.0', 'https://example.com/x.tgz', join(sources, 'nope')]) {
    await assert.rejects(addPlugin(pluginsDir, spec), (error: unknown) => error instanceof DepinError && error.kind === 'usage', spec);
  }
});

test("a registry install that npm cannot do fails with npm's reason", async () => {
  await assert.rejects(addPlugin(pluginsDir, 'depin-plugin-does-not-exist-anywhere@1.0.0'), (error: unknown) => {
    assert.ok(error instanceof DepinError);
    assert.equal(error.code, 'PLUGIN_INSTALL_FAILED');
    assert.match(error.message, /could not install depin-plugin-does-not-exist-anywhere: \S/);
    return true;
  });
});

test('removing: unknown names and built-ins are usage errors; installed plugins are uninstalled', async () => {
  await assert.rejects(removePlugin(pluginsDir, 'depin-plugin-exampel'), (error: unknown) => {
    assert.ok(error instanceof DepinError);
    assert.equal(error.kind, 'usage');
    assert.equal(error.message, 'plugin "depin-plugin-exampel" is not installed');
    assert.match(error.suggestion ?? '', /did you mean "depin-plugin-example"\?/);
    return true;
  });
  await assert.rejects(
    removePlugin(pluginsDir, 'render'),
    (error: unknown) => error instanceof DepinError && error.kind === 'usage' && /built-in/.test(error.message),
  );

  assert.deepEqual(await removePlugin(pluginsDir, 'future'), { name: 'depin-plugin-future' });
  assert.deepEqual(await removePlugin(pluginsDir, 'depin-plugin-example'), { name: 'depin-plugin-example' });
  assert.deepEqual(dependencies(), {});
  assert.ok(!existsSync(join(pluginsDir, 'node_modules', 'depin-plugin-example')));
  const registry = await loadPlugins({ pluginsDir });
  assert.equal(
    registry.plugins.some((p) => p.source !== 'builtin'),
    false,
  );
  assert.deepEqual(registry.disabled, []);
});
