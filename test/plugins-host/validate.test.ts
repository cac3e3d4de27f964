import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePlugin } from '../../src/plugins-host/index.js';

function valid(): Record<string, any> {
  return {
    manifest: {
      id: 'sample',
      name: 'Sample',
      version: '1.0.0',
      apiVersion: 1,
      category: 'storage',
      homepage: 'https://sample.example',
      joinKind: 'container',
      description: 'A sample network.',
      tokens: [{ symbol: 'SMP', chain: 'solana', mint: 'So11111111111111111111111111111111111111112', decimals: 9, coingeckoId: 'sample' }],
    },
    requirements: { memoryGb: 8, ports: [{ port: 1234, protocol: 'tcp' }] },
    eligibility: () => ({ reasons: [] }),
  };
}

function reasonOf(value: unknown): string {
  const result = validatePlugin(value);
  assert.equal(result.ok, false, 'expected the plugin to be rejected');
  return result.ok ? '' : result.reason;
}

test('a valid definition is accepted and returned as the same object', () => {
  const definition = valid();
  const result = validatePlugin(definition);
  assert.ok(result.ok);
  assert.equal(result.plugin, definition);
  assert.equal(typeof result.plugin.eligibility, 'function');
});

test('missing manifest fields are named', () => {
  const definition = valid();
  delete definition.manifest.name;
  delete definition.manifest.homepage;
  delete definition.manifest.tokens[0].decimals;
  const reason = reasonOf(definition);
  assert.match(reason, /^invalid plugin: /);
  assert.match(reason, /manifest\.name: missing/);
  assert.match(reason, /manifest\.homepage: missing/);
  assert.match(reason, /manifest\.tokens\[0\]\.decimals: missing/);
});

test('an unsupported API version is reported before anything else', () => {
  const definition = valid();
  definition.manifest.apiVersion = 99;
  delete definition.manifest.name;
  assert.equal(reasonOf(definition), 'plugin API v99 is not supported by this depin (supports v1, v2)');
});

test('wrong types and bad values are explained', () => {
  const definition = valid();
  definition.manifest.category = 'mining';
  definition.manifest.id = 'Bad Id';
  definition.manifest.tokens[0].decimals = 1.5;
  definition.requirements.ports = [{ port: 70000, protocol: 'tcp' }];
  definition.eligibility = 'yes';
  const reason = reasonOf(definition);
  assert.match(reason, /manifest\.id: expected lower-case/);
  assert.match(reason, /manifest\.category: /);
  assert.match(reason, /manifest\.tokens\[0\]\.decimals: expected an integer/);
  assert.match(reason, /requirements\.ports\[0\]\.port: /);
  assert.match(reason, /eligibility: expected a function/);
});

test('token addresses must fit their chain', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ symbol: 'X', chain: 'solana', mint: 'iotEVVZLEyWo6EhDCJfzMYYcelFf8kUAkn52QOkC6zb', decimals: 6 }, /base58 Solana mint/],
    [{ symbol: 'X', chain: 'solana', mint: '11111111111111111111111111111111111', decimals: 6 }, /base58 Solana mint/],
    [{ symbol: 'X', chain: 'ethereum', mint: '0x1234', decimals: 18 }, /0x-prefixed 20-byte/],
    [{ symbol: 'X', chain: 'akash', mint: 'u', decimals: 6 }, /Cosmos bank denom/],
    [{ symbol: 'X', chain: 'ethereum', decimals: 18 }, /mint: missing \(or set native: true\)/],
    [{ symbol: 'X', chain: 'filecoin', native: true, decimals: 6 }, /native filecoin coin has 18 decimals/],
    [{ symbol: 'X', chain: 'akash', native: true, decimals: 6 }, /akash has no native coin/],
    [{ symbol: 'X', chain: 'bitcoin', native: true, decimals: 8 }, /manifest\.tokens\[0\]\.chain/],
  ];
  for (const [token, expected] of cases) {
    const definition = valid();
    definition.manifest.tokens = [token];
    assert.match(reasonOf(definition), expected, JSON.stringify(token));
  }
});

test('non-objects are rejected without throwing', () => {
  for (const value of [undefined, null, 42, 'plugin', [], () => 1]) {
    assert.match(reasonOf(value), /expected a plugin definition object/);
  }
  assert.match(reasonOf({}), /manifest: missing; requirements: missing/);
});
