import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPlugins, validatePlugin } from '../../src/plugins-host/index.js';
import { CONFIG_KEYS, configKey } from '../../src/store/config-keys.js';
import { validateValue } from '../../src/store/config-file.js';
import { makePluginsDir, tempDir } from './fixture-dir.js';

const temp = tempDir('depin-plugin-settings-');
after(() => temp.remove());

const manifest = {
  id: 'acme',
  name: 'Acme',
  version: '1.0.0',
  apiVersion: 1,
  category: 'storage',
  homepage: 'https://example.org',
  joinKind: 'manual',
  description: 'test plugin',
  tokens: [],
};
const withSettings = (settings: unknown[]) => validatePlugin({ manifest: { ...manifest, settings }, requirements: {} });
const reason = (result: ReturnType<typeof validatePlugin>) => (result.ok ? '' : result.reason);

test('the built-in settings are declared by their plugins and become the same config keys as before', async () => {
  await loadPlugins({ pluginsDir: temp.path, thirdParty: false });
  for (const key of ['storj.dashboardUrl', 'helium.entitiesUrl', 'helium.oracleUrl', 'filecoin.minerId']) assert.ok(configKey(key), key);
  assert.equal(configKey('storj.dashboardUrl')!.default, 'http://127.0.0.1:14002');
  assert.equal(configKey('filecoin.minerId')!.default, undefined);
  assert.equal(validateValue('filecoin.minerId', 'f01234', 'test'), 'f01234');
  assert.throws(() => validateValue('filecoin.minerId', 'f1abc', 'test'), /must be a miner actor id like f01234/);
  assert.throws(() => validateValue('storj.dashboardUrl', 'ftp://x', 'test'), /http:\/\/ or https:\/\//);
  assert.equal(CONFIG_KEYS.filter((k) => k.key === 'storj.dashboardUrl').length, 1, 'loading twice adds nothing twice');
  await loadPlugins({ pluginsDir: temp.path, thirdParty: false });
  assert.equal(CONFIG_KEYS.filter((k) => k.key === 'storj.dashboardUrl').length, 1);
});

test("a third-party plugin's settings are checked by their type and its own check, which may not throw its way out", async () => {
  const pluginsDir = makePluginsDir(temp.path, { 'depin-plugin-stuck': 'depin-plugin-stuck', 'depin-plugin-hangs': 'depin-plugin-hangs' });
  const registry = await loadPlugins({ pluginsDir, loadTimeoutMs: 300 });
  assert.ok(registry.plugins.some((p) => p.id === 'stuck'));
  assert.equal(configKey('stuck.endpoint')!.default, 'http://127.0.0.1:9');
  assert.equal(validateValue('stuck.region', 'eu', 'test'), 'eu');
  assert.throws(() => validateValue('stuck.region', 'EU!', 'test'), /must be two lower-case letters/);
  assert.throws(() => validateValue('stuck.endpoint', 'nope', 'test'), /http:\/\/ or https:\/\//);
  assert.throws(() => validateValue('stuck.nosuch', 'x', 'test'), /unknown config key "stuck.nosuch"/);
  // The plugin that never loaded keeps whatever is stored under its name readable, unchecked.
  assert.equal(validateValue('hangs.anything', 'kept', 'test'), 'kept');
  assert.throws(() => validateValue('nobody.anything', 'x', 'test'), /unknown config key/);
});

test('settings that cannot work disable the plugin with the reason', () => {
  assert.match(reason(withSettings([{ key: 'url', type: 'url', default: 'not a url', description: 'x' }])), /acme\.url: its default "not a url" is invalid/);
  assert.match(
    reason(withSettings([{ key: 'level', type: 'integer', min: 1, max: 3, default: 7, description: 'x' }])),
    /acme\.level: its default 7 is invalid/,
  );
  assert.match(
    reason(
      withSettings([
        { key: 'a', description: 'x' },
        { key: 'a', description: 'y' },
      ]),
    ),
    /"a" is declared twice/,
  );
  assert.match(reason(withSettings([{ key: 'with.dot', description: 'x' }])), /settings\[0\]\.key/);
  assert.match(reason(withSettings([{ key: 'x', description: 'x', choices: ['a'], type: 'url' }])), /only a string setting has choices/);
  const core = validatePlugin({ manifest: { ...manifest, id: 'http', settings: [{ key: 'timeoutMs', description: 'mine' }] }, requirements: {} });
  assert.match(reason(core), /http\.timeoutMs is one of depin's own config keys/);
  const throwing = withSettings([
    {
      key: 'code',
      default: 'x',
      description: 'x',
      validate: () => {
        throw new Error('checker crashed');
      },
    },
  ]);
  assert.match(reason(throwing), /could not check it: checker crashed/);
  assert.equal(withSettings([{ key: 'mode', choices: ['fast', 'slow'], default: 'fast', description: 'x' }]).ok, true);
});
