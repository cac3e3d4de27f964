import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths } from '../../src/store/paths.js';
import { openSecretStore, type KeytarLike } from '../../src/wallet/secrets/index.js';
import { keytarSkipReason } from '../helpers/keyring.js';

const root = mkdtempSync(join(tmpdir(), 'depin-secrets-open-'));
after(() => rmSync(root, { recursive: true, force: true }));
const paths = resolvePaths({ DEPIN_HOME: root });
const openModule = new URL('../../src/wallet/secrets/index.js', import.meta.url).href;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Opens the store in a fresh process, so the real keytar meets the D-Bus setup given in `env`
 * (libsecret keeps its first bus connection for the life of a process).
 */
function openElsewhere(env: Record<string, string | undefined>, wrap: string[] = []): { backend: string; reason?: string } {
  const script = `const { openSecretStore } = await import(${JSON.stringify(openModule)});
const s = await openSecretStore({ secretsFile: process.env.SECRETS_FILE }, process.env);
process.stdout.write(JSON.stringify({ backend: s.backend, reason: s.reason }));`;
  const home = mkdtempSync(join(root, 'home-'));
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_RUNTIME_DIR: home,
    XDG_DATA_HOME: join(home, 'data'),
    SECRETS_FILE: join(home, 'secrets.enc'),
    ...env,
  };
  const [command, ...args] = [...wrap, process.execPath, '--input-type=module', '-e', script];
  const result = spawnSync(command, args, { env: childEnv as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('choosing the secret backend with the real keytar', () => {
  const noBus = `unix:path=${join(root, 'no-such-bus')}`;
  // Without keytar every case below falls back for that reason instead; the two that check the
  // keychain's own answer need it, the others hold either way.
  const noKeytar = keytarSkipReason();

  it('falls back to the encrypted file when the session bus is unreachable, and says why', (t) => {
    if (noKeytar) {
      t.skip(noKeytar);
      return;
    }
    const opened = openElsewhere({ DBUS_SESSION_BUS_ADDRESS: noBus, DEPIN_PASSPHRASE: 'p' });
    assert.equal(opened.backend, 'encrypted-file');
    assert.match(opened.reason ?? '', /^no OS keychain: the keychain could not be read \(/);
  });

  it('is unavailable without DEPIN_PASSPHRASE, naming both fixes', () => {
    const opened = openElsewhere({ DBUS_SESSION_BUS_ADDRESS: noBus });
    assert.equal(opened.backend, 'unavailable');
    assert.match(opened.reason ?? '', /no OS keychain: .*, and DEPIN_PASSPHRASE is not set$/);
  });

  it('does not fall back when DEPIN_SECRETS_BACKEND=keychain', () => {
    const opened = openElsewhere({ DBUS_SESSION_BUS_ADDRESS: noBus, DEPIN_PASSPHRASE: 'p', DEPIN_SECRETS_BACKEND: 'keychain' });
    assert.equal(opened.backend, 'unavailable');
  });

  it('falls back when a Secret Service answers reads but refuses writes', (t) => {
    if (noKeytar) {
      t.skip(noKeytar);
      return;
    }
    if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
      t.skip('needs dbus-run-session and gnome-keyring (Debian: apt install dbus gnome-keyring)');
      return;
    }
    // A bare session bus starts gnome-keyring on demand, with no login keyring and nobody to
    // answer the prompt that creating one needs: the state of many headless servers.
    const opened = openElsewhere({ DEPIN_PASSPHRASE: 'p' }, ['dbus-run-session', '--']);
    assert.equal(opened.backend, 'encrypted-file');
    assert.match(opened.reason ?? '', /no OS keychain: the keychain (answers but refused a test write|could not be read)/);
  });
});

describe('choosing the secret backend when keytar misbehaves', () => {
  const env = { DEPIN_PASSPHRASE: 'p' };

  it('falls back when keytar is not installed', async () => {
    const missing = async (): Promise<KeytarLike> => {
      throw Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    const store = await openSecretStore(paths, env, { loadKeytar: missing });
    assert.equal(store.backend, 'encrypted-file');
    assert.match(store.reason ?? '', /keytar is not installed/);
  });

  it('gives up on a keychain call that never answers', async () => {
    const calls: string[] = [];
    const silent: KeytarLike = {
      getPassword: (service, account) => {
        calls.push(`get ${service}/${account}`);
        return new Promise(() => {});
      },
      setPassword: () => new Promise(() => {}),
      deletePassword: () => new Promise(() => {}),
    };
    const store = await openSecretStore(paths, env, { loadKeytar: async () => silent, probeTimeoutMs: 50 });
    assert.equal(store.backend, 'encrypted-file');
    assert.match(store.reason ?? '', /did not answer within 50 ms/);
    assert.deepEqual(calls, ['get depin/.probe']);
  });

  it('uses the keychain without touching the file when keytar answers', async () => {
    const entries = new Map<string, string>();
    const keytar: KeytarLike = {
      getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
      setPassword: async (service, account, value) => void entries.set(`${service}/${account}`, value),
      deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
    };
    const store = await openSecretStore(paths, env, { loadKeytar: async () => keytar });
    assert.equal(store.backend, 'keychain');
    await store.set('ionet.token', 't');
    assert.deepEqual([...entries.keys()], ['depin/.probe', 'depin/ionet.token']);
    assert.equal(existsSync(paths.secretsFile), false);
  });
});
