import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createPluginContext, pluginDataDir, type LoadedPlugin } from '../../src/plugins-host/index.js';
import type { PluginDefinition } from '../../src/plugin-api/index.js';
import type { SecretCheck, SecretStore } from '../../src/wallet/secrets/index.js';
import { UnavailableStore } from '../../src/wallet/secrets/unavailable.js';
import { asLoaded, testHost } from './test-host.js';

const definition: PluginDefinition = {
  manifest: {
    id: 'acme',
    name: 'Acme',
    version: '1.0.0',
    apiVersion: 1,
    category: 'storage',
    homepage: 'https://example.org',
    joinKind: 'manual',
    description: 'test plugin',
    tokens: [],
    settings: [
      { key: 'endpoint', type: 'url', default: 'http://127.0.0.1:1234', description: 'endpoint' },
      { key: 'batch', type: 'integer', min: 1, max: 50, default: 10, description: 'batch size' },
      { key: 'region', description: 'region, no default' },
    ],
  },
  requirements: {},
};
const plugin = asLoaded(definition);
const signal = new AbortController().signal;

/** A secret store kept in memory, standing in for the keychain or the encrypted file. */
class MemoryStore implements SecretStore {
  readonly backend = 'encrypted-file' as const;
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    return this.values.delete(key);
  }
  async check(): Promise<SecretCheck> {
    return { ok: true, detail: 'memory' };
  }
}

test('settings: the plugin reads its own keys, with defaults; not another plugin’s', () => {
  const other: LoadedPlugin = asLoaded({
    ...definition,
    manifest: { ...definition.manifest, id: 'other', settings: [{ key: 'secretish', description: 'x' }] },
  });
  const host = testHost([plugin, other], { 'acme.region': 'eu', 'acme.batch': 25, 'other.secretish': 'not yours' });
  const ctx = createPluginContext(plugin, host, signal);
  assert.equal(ctx.settings.get('endpoint'), 'http://127.0.0.1:1234');
  assert.equal(ctx.settings.get('region'), 'eu');
  assert.equal(ctx.settings.number('batch'), 25);
  assert.equal(ctx.settings.number('region'), undefined);
  assert.equal(ctx.settings.get('secretish'), undefined);
  assert.equal(ctx.settings.get('other.secretish'), undefined);
  assert.equal(ctx.config('acme.region'), 'eu', 'config() still reads any key');
});

test('log: info and debug on stderr only when wanted; warnings always, named by plugin', () => {
  const human = testHost([plugin]);
  const ctx = createPluginContext(plugin, human, signal);
  ctx.log.info('hello');
  ctx.log.debug('hidden');
  ctx.log.warn('careful');
  assert.deepEqual(human.err, ['acme: hello']);
  assert.deepEqual(human.warnings, ['acme: careful']);

  const json = testHost([plugin], {}, { json: true, debug: true });
  const quiet = createPluginContext(plugin, json, signal);
  quiet.log.info('not in --json');
  quiet.log.debug('shown with DEPIN_DEBUG');
  assert.deepEqual(json.err, ['[acme] shown with DEPIN_DEBUG']);
});

test("paths: the plugin's own data folder under depin's data folder, not created up front", async () => {
  const host = testHost([plugin]);
  const ctx = createPluginContext(plugin, host, signal);
  assert.equal(ctx.paths.data, join(host.paths.data, 'plugin-data', 'acme'));
  assert.equal(ctx.paths.data, pluginDataDir(host.paths.data, 'acme'));
  assert.equal(ctx.paths.config, host.paths.config);
  const { existsSync } = await import('node:fs');
  assert.equal(existsSync(ctx.paths.data), false);
});

test('secrets: stored under the plugin id, opened once, and never shared between plugins', async () => {
  const store = new MemoryStore();
  let opened = 0;
  const host = testHost([plugin], {}, { openSecrets: async () => (opened++, store) });
  const ctx = createPluginContext(plugin, host, signal);
  assert.deepEqual(await ctx.secrets.set('api-key', 's3cret'), { status: 'ok', value: undefined });
  assert.deepEqual([...store.values.keys()], ['acme.api-key']);
  assert.deepEqual(await ctx.secrets.get('api-key'), { status: 'ok', value: 's3cret' });
  const other = createPluginContext(asLoaded({ ...definition, manifest: { ...definition.manifest, id: 'other', settings: [] } }), host, signal);
  assert.deepEqual(await other.secrets.get('api-key'), { status: 'ok', value: undefined });
  assert.deepEqual(await ctx.secrets.delete('api-key'), { status: 'ok', value: true });
  assert.deepEqual(await ctx.secrets.delete('api-key'), { status: 'ok', value: false });
  assert.equal(opened, 1);
  const bad = await ctx.secrets.get('../other.api-key');
  assert.equal(bad.status, 'bad-response');
  assert.equal(store.values.size, 0);
});

test('secrets: a store that cannot be used is a value with the reason and the fix, never the value', async () => {
  const host = testHost([plugin], {}, { openSecrets: async () => new UnavailableStore('no keychain', 'set DEPIN_PASSPHRASE') });
  const ctx = createPluginContext(plugin, host, signal);
  const result = await ctx.secrets.set('api-key', 'value-that-must-not-leak');
  assert.equal(result.status, 'unreachable');
  assert.match((result as { reason: string }).reason, /no place to keep secrets: no keychain \(set DEPIN_PASSPHRASE\)/);
  assert.doesNotMatch(JSON.stringify(result), /value-that-must-not-leak/);
});

test('http: a string that is not a URL is a bad response, not a throw', async () => {
  const ctx = createPluginContext(plugin, testHost([plugin]), signal);
  assert.equal((await ctx.http.fetchJson('not a url')).status, 'bad-response');
});
