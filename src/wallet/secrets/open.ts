import type { DepinPaths } from '../../store/paths.js';
import { EncryptedFileStore } from './encrypted-file.js';
import { KeychainStore, loadKeytar, probeKeychain, type KeytarLike } from './keychain.js';
import type { SecretStore } from './types.js';
import { UnavailableStore } from './unavailable.js';

/** Knobs for opening the store; the defaults suit the CLI. */
export interface OpenSecretStoreOptions {
  /** Bound on the keychain probe (default 3000 ms): keytar can block without a Secret Service. */
  probeTimeoutMs?: number;
  /** Bound on each later keychain call (default 30000 ms, room for an unlock prompt). */
  callTimeoutMs?: number;
  /** How keytar is loaded; tests replace it to stand for a missing or unresponsive module. */
  loadKeytar?: () => Promise<KeytarLike>;
}

/**
 * Opens the secret store: the OS keychain through keytar when it loads and answers; otherwise an
 * encrypted file at `paths.secretsFile` keyed by DEPIN_PASSPHRASE; otherwise 'unavailable' with
 * the reason and the fix. DEPIN_SECRETS_BACKEND=file skips the keychain, =keychain forbids the
 * file fallback.
 */
export async function openSecretStore(
  paths: Pick<DepinPaths, 'secretsFile'>,
  env: NodeJS.ProcessEnv = process.env,
  options: OpenSecretStoreOptions = {},
): Promise<SecretStore> {
  const choice = env.DEPIN_SECRETS_BACKEND?.trim() || undefined;
  if (choice !== undefined && choice !== 'file' && choice !== 'keychain') {
    return new UnavailableStore(`DEPIN_SECRETS_BACKEND is "${choice}"`, 'set DEPIN_SECRETS_BACKEND to keychain or file, or unset it to let depin choose');
  }
  let noKeychain = 'DEPIN_SECRETS_BACKEND=file';
  if (choice !== 'file') {
    const keychain = await tryKeychain(options);
    if (keychain.ok) return keychain.store;
    noKeychain = `no OS keychain: ${keychain.reason}`;
    if (choice === 'keychain') {
      return new UnavailableStore(noKeychain, 'start and unlock the keychain, or unset DEPIN_SECRETS_BACKEND to allow the encrypted-file fallback');
    }
  }
  const passphrase = env.DEPIN_PASSPHRASE;
  if (passphrase) return new EncryptedFileStore(paths.secretsFile, passphrase, noKeychain);
  return new UnavailableStore(
    `${noKeychain}, and DEPIN_PASSPHRASE is not set`,
    `install a keychain (on Linux: gnome-keyring and libsecret, then reinstall depin so keytar builds) and unlock it, or set DEPIN_PASSPHRASE to keep secrets encrypted in ${paths.secretsFile}`,
  );
}

type KeychainAttempt = { ok: true; store: SecretStore } | { ok: false; reason: string };

async function tryKeychain(options: OpenSecretStoreOptions): Promise<KeychainAttempt> {
  let keytar: KeytarLike;
  try {
    keytar = await (options.loadKeytar ?? loadKeytar)();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      return { ok: false, reason: 'keytar is not installed (it builds only where libsecret is present when depin is installed)' };
    }
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ok: false, reason: `keytar failed to load: ${first}` };
  }
  const probe = await probeKeychain(keytar, options.probeTimeoutMs ?? 3000);
  if (!probe.ok) return { ok: false, reason: probe.reason };
  return { ok: true, store: new KeychainStore(keytar, options.callTimeoutMs ?? 30_000) };
}
