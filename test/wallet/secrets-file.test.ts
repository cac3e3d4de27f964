import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DepinError } from '../../src/domain/errors.js';
import { resolvePaths, type DepinPaths } from '../../src/store/paths.js';
import { openSecretStore, type SecretStore } from '../../src/wallet/secrets/index.js';

const root = mkdtempSync(join(tmpdir(), 'depin-secrets-'));
after(() => rmSync(root, { recursive: true, force: true }));

const PASSPHRASE = 'correct horse battery staple';
const NODE_KEY = '[12,34,56,78,90,"node-key-value-9f2c"]';
const TOKEN = 'ionet-token-7d1e0b';

let paths: DepinPaths;
let n = 0;
beforeEach(() => {
  paths = resolvePaths({ DEPIN_HOME: join(root, `home-${n++}`) });
});

async function fileStore(passphrase = PASSPHRASE): Promise<SecretStore> {
  const store = await openSecretStore(paths, { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: passphrase });
  assert.equal(store.backend, 'encrypted-file');
  return store;
}

async function rejection(promise: Promise<unknown>, code: string): Promise<DepinError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DepinError, String(error));
  assert.equal(error.code, code, error.message);
  return error;
}

function assertNoSecrets(text: string): void {
  for (const secret of [PASSPHRASE, NODE_KEY, TOKEN, 'node-key-value', 'ionet-token']) {
    assert.ok(!text.includes(secret), `a secret leaked into: ${text}`);
  }
}

describe('encrypted-file secret store', () => {
  it('round-trips values through a 0600 file that holds no plaintext', async () => {
    const store = await fileStore();
    assert.equal(await store.get('nosana.node-key'), undefined);
    await store.set('nosana.node-key', NODE_KEY);
    await store.set('ionet.token', TOKEN);
    assert.equal(await store.get('nosana.node-key'), NODE_KEY);

    const reopened = await fileStore();
    assert.equal(await reopened.get('ionet.token'), TOKEN);
    assert.equal(await reopened.get('nosana.node-key'), NODE_KEY);

    const text = readFileSync(paths.secretsFile, 'utf8');
    assertNoSecrets(text);
    assert.equal(statSync(paths.secretsFile).mode & 0o777, 0o600);
    assert.equal(JSON.parse(text).cipher, 'aes-256-gcm');
    assert.deepEqual(await reopened.check(), {
      ok: true,
      detail: `encrypted file ${paths.secretsFile} holds 2 secret(s), key from DEPIN_PASSPHRASE (DEPIN_SECRETS_BACKEND=file)`,
    });
  });

  it('draws a fresh salt and IV on every write', async () => {
    const store = await fileStore();
    await store.set('a', '1');
    const first = JSON.parse(readFileSync(paths.secretsFile, 'utf8'));
    await store.set('a', '1');
    const second = JSON.parse(readFileSync(paths.secretsFile, 'utf8'));
    assert.notEqual(first.kdf.salt, second.kdf.salt);
    assert.notEqual(first.iv, second.iv);
    assert.notEqual(first.data, second.data);
  });

  it('deletes, and says whether there was anything to delete', async () => {
    const store = await fileStore();
    await store.set('storj.identity-path', '/srv/identity');
    await store.set('other', 'x');
    assert.equal(await store.delete('storj.identity-path'), true);
    assert.equal(await store.delete('storj.identity-path'), false);
    assert.equal(await store.get('storj.identity-path'), undefined);
    assert.equal(await (await fileStore()).get('other'), 'x');
  });

  it('keeps every value when sets run concurrently', async () => {
    const store = await fileStore();
    await Promise.all(Array.from({ length: 6 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    const reopened = await fileStore();
    for (let i = 0; i < 6; i++) assert.equal(await reopened.get(`k${i}`), `v${i}`);
  });

  it('refuses a wrong passphrase clearly and leaves the file as it was', async () => {
    await (await fileStore()).set('nosana.node-key', NODE_KEY);
    const before = readFileSync(paths.secretsFile, 'utf8');
    const wrong = await fileStore('Tr0ub4dor&3-wrong');
    for (const attempt of [wrong.get('nosana.node-key'), wrong.set('ionet.token', TOKEN), wrong.delete('nosana.node-key')]) {
      const error = await rejection(attempt, 'SECRETS_PASSPHRASE');
      assert.match(error.message, /DEPIN_PASSPHRASE is not the passphrase it was written with/);
      assert.ok(error.message.includes(paths.secretsFile));
      assertNoSecrets(`${error.message} ${error.suggestion} ${error.stack}`);
      assert.ok(!`${error.message} ${error.suggestion}`.includes('Tr0ub4dor'));
    }
    const check = await wrong.check();
    assert.equal(check.ok, false);
    assertNoSecrets(check.detail);
    assert.equal(readFileSync(paths.secretsFile, 'utf8'), before);
    assert.equal(await (await fileStore()).get('nosana.node-key'), NODE_KEY);
  });

  it('detects an altered file, including its KDF parameters', async () => {
    await (await fileStore()).set('ionet.token', TOKEN);
    const box = JSON.parse(readFileSync(paths.secretsFile, 'utf8'));
    const data = Buffer.from(box.data, 'base64');
    data[0] ^= 1;
    writeFileSync(paths.secretsFile, JSON.stringify({ ...box, data: data.toString('base64') }));
    await rejection((await fileStore()).get('ionet.token'), 'SECRETS_PASSPHRASE');
    writeFileSync(paths.secretsFile, JSON.stringify({ ...box, kdf: { ...box.kdf, N: box.kdf.N / 2 } }));
    await rejection((await fileStore()).get('ionet.token'), 'SECRETS_PASSPHRASE');
    writeFileSync(paths.secretsFile, JSON.stringify(box));
    assert.equal(await (await fileStore()).get('ionet.token'), TOKEN);
  });

  it('names a file that is not a secrets file and leaves it alone', async () => {
    mkdirSync(dirname(paths.secretsFile), { recursive: true });
    writeFileSync(paths.secretsFile, 'hello');
    const store = await fileStore();
    const error = await rejection(store.set('a', 'b'), 'SECRETS_CORRUPT');
    assert.ok(error.message.includes(paths.secretsFile));
    assert.equal(readFileSync(paths.secretsFile, 'utf8'), 'hello');
  });

  it('rejects secret names that could not be shown safely', async () => {
    const store = await fileStore();
    for (const bad of ['', '.probe', 'has space', 'x'.repeat(129), 'new\nline']) {
      await rejection(store.set(bad, 'v'), 'SECRET_KEY_INVALID');
    }
  });
});

describe('secret store without a passphrase', () => {
  it('is unavailable, says how to fix it, and refuses every operation', async () => {
    const store = await openSecretStore(paths, { DEPIN_SECRETS_BACKEND: 'file' });
    assert.equal(store.backend, 'unavailable');
    assert.match(store.reason ?? '', /DEPIN_PASSPHRASE is not set/);
    for (const attempt of [store.get('a'), store.set('a', TOKEN), store.delete('a')]) {
      const error = await rejection(attempt, 'SECRETS_UNAVAILABLE');
      assert.equal(error.kind, 'not-configured');
      assert.match(error.suggestion ?? '', /gnome-keyring and libsecret/);
      assert.match(error.suggestion ?? '', /set DEPIN_PASSPHRASE/);
      assertNoSecrets(error.message);
    }
    const check = await store.check();
    assert.equal(check.ok, false);
  });

  it('rejects an unknown DEPIN_SECRETS_BACKEND', async () => {
    const store = await openSecretStore(paths, { DEPIN_SECRETS_BACKEND: 'vault', DEPIN_PASSPHRASE: PASSPHRASE });
    assert.equal(store.backend, 'unavailable');
    assert.match(store.reason ?? '', /DEPIN_SECRETS_BACKEND is "vault"/);
  });
});
