import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceSchema } from '../../src/plugin-api/resources.js';

describe('resource schema (plugin API v2)', () => {
  it('fills the defaults a plugin may leave out', () => {
    const r = resourceSchema.parse({ kind: 'container', name: 'storagenode', image: 'storjlabs/storagenode:latest' });
    assert.deepEqual(r, {
      kind: 'container',
      name: 'storagenode',
      image: 'storjlabs/storagenode:latest',
      ports: [],
      mounts: [],
      env: {},
      secretEnv: {},
      restart: 'unless-stopped',
    });
  });

  it('refuses a download without a checksum or a stated reason, and plain http to another host', () => {
    const base = { kind: 'download', url: 'https://example.org/a.tar.gz', dest: '/opt/a', extract: 'tar.gz', creates: '/opt/a/bin/a' };
    assert.equal(resourceSchema.safeParse(base).success, false);
    assert.equal(resourceSchema.safeParse({ ...base, unverified: 'the project publishes no checksum' }).success, true);
    assert.equal(resourceSchema.safeParse({ ...base, sha256: 'ab'.repeat(32) }).success, true);
    assert.equal(resourceSchema.safeParse({ ...base, sha256: 'AB'.repeat(32) }).success, false);
    assert.equal(resourceSchema.safeParse({ ...base, url: 'http://example.org/a.tar.gz', sha256: 'ab'.repeat(32) }).success, false);
    assert.equal(resourceSchema.safeParse({ ...base, url: 'http://127.0.0.1:8080/a.tar.gz', sha256: 'ab'.repeat(32) }).success, true);
  });

  it('keeps secrets as names: a secret env var refers to a store name, never a value', () => {
    const ok = resourceSchema.safeParse({ kind: 'container', name: 'n', image: 'a/b:1', secretEnv: { API_KEY: 'api-key' } });
    assert.equal(ok.success, true);
    const value = resourceSchema.safeParse({ kind: 'container', name: 'n', image: 'a/b:1', secretEnv: { API_KEY: 'sk_live_0123456789' } });
    assert.equal(value.success, false);
    // Plans receive a secret question's key (camelCase) in place of its value.
    const helm = { kind: 'helm-release', release: 'p', chart: 'a/p', version: '1.0.0', namespace: 'n' };
    assert.equal(resourceSchema.safeParse({ ...helm, secretValues: { key: 'providerKey', pass: { secret: 'keyPassword', encode: 'base64' } } }).success, true);
    assert.equal(resourceSchema.safeParse({ kind: 'secret', name: 'apiSecretKey', description: 'd' }).success, true);
    assert.equal(resourceSchema.safeParse({ kind: 'secret', name: 'sk_live_0123456789', description: 'd' }).success, false);
  });

  it('refuses relative paths, bad unit names and unknown kinds', () => {
    assert.equal(resourceSchema.safeParse({ kind: 'directory', path: 'data' }).success, false);
    assert.equal(resourceSchema.safeParse({ kind: 'systemd-unit', name: 'x', scope: 'user', description: 'd', execStart: ['/bin/x'] }).success, false);
    assert.equal(resourceSchema.safeParse({ kind: 'shell', command: 'rm -rf /' }).success, false);
  });
});
