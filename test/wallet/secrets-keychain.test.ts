import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths } from '../../src/store/paths.js';
import { openSecretStore } from '../../src/wallet/secrets/index.js';
import { startKeyring, type KeyringStart } from '../helpers/keyring.js';

const root = mkdtempSync(join(tmpdir(), 'depin-keychain-'));
const paths = resolvePaths({ DEPIN_HOME: root });
let started: KeyringStart | undefined;

before(async () => {
  started = await startKeyring(process.env);
});
after(async () => {
  if (started?.ok) await started.keyring.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Asks gnome-keyring itself, over D-Bus, which items carry these attributes. */
function searchItems(account: string): string {
  const result = spawnSync(
    'gdbus',
    [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.secrets',
      '--object-path',
      '/org/freedesktop/secrets',
      '--method',
      'org.freedesktop.Secret.Service.SearchItems',
      `{'service': 'depin', 'account': '${account}'}`,
    ],
    { encoding: 'utf8', env: process.env },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('keychain secret store on a real gnome-keyring', () => {
  it('stores, reads and deletes through keytar, with no file fallback', async (t) => {
    if (!started?.ok) {
      t.skip(started?.skip ?? 'keyring not started');
      return;
    }
    const store = await openSecretStore(paths, { ...process.env, DEPIN_PASSPHRASE: undefined, DEPIN_SECRETS_BACKEND: undefined });
    assert.equal(store.backend, 'keychain', store.reason);
    assert.equal(store.reason, undefined);

    assert.equal(await store.get('nosana.node-key'), undefined);
    await store.set('nosana.node-key', 'keychain-secret-5e1a');
    assert.equal(await store.get('nosana.node-key'), 'keychain-secret-5e1a');
    assert.match(searchItems('nosana.node-key'), /\/org\/freedesktop\/secrets\/collection\/login\/\d+/);

    await store.set('nosana.node-key', 'replaced-7c2b');
    const reopened = await openSecretStore(paths, { ...process.env, DEPIN_PASSPHRASE: undefined });
    assert.equal(await reopened.get('nosana.node-key'), 'replaced-7c2b');

    assert.deepEqual(await reopened.check(), { ok: true, detail: 'OS keychain (service "depin") via keytar' });
    assert.equal(await reopened.delete('nosana.node-key'), true);
    assert.equal(await reopened.delete('nosana.node-key'), false);
    assert.equal(await reopened.get('nosana.node-key'), undefined);
    assert.doesNotMatch(searchItems('nosana.node-key'), /collection\/login\/\d+/);
    assert.equal(existsSync(paths.secretsFile), false);
  });
});
