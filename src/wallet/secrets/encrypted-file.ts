import { existsSync, readFileSync } from 'node:fs';
import { DepinError } from '../../domain/errors.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { withFileLockAsync } from '../../store/file-lock.js';
import { isSealedBox, seal, unseal, WrongPassphraseError } from './crypto-box.js';
import { assertSecretKey } from './keys.js';
import type { SecretCheck, SecretStore } from './types.js';

type Secrets = Record<string, string>;

/**
 * Secrets in one file, encrypted with a key derived from DEPIN_PASSPHRASE (scrypt, AES-256-GCM).
 * Each write re-encrypts the whole map with a fresh salt and IV and replaces the file atomically,
 * mode 0600. A file that does not decrypt is never overwritten.
 */
export class EncryptedFileStore implements SecretStore {
  readonly backend = 'encrypted-file' as const;
  // Operations run one after another so concurrent sets in one process do not lose each other.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly passphrase: string,
    readonly reason?: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    assertSecretKey(key);
    return this.serial(async () => (await this.readAll())[key]);
  }

  async set(key: string, value: string): Promise<void> {
    assertSecretKey(key);
    if (typeof value !== 'string') throw new DepinError('SECRET_VALUE_INVALID', `the value for "${key}" must be text`);
    // The file lock spans read and write: two depin processes storing secrets at once keep both.
    return this.serial(() =>
      withFileLockAsync(this.file, async () => {
        const all = await this.readAll();
        all[key] = value;
        await this.writeAll(all);
      }),
    );
  }

  async delete(key: string): Promise<boolean> {
    assertSecretKey(key);
    return this.serial(() =>
      withFileLockAsync(this.file, async () => {
        const all = await this.readAll();
        if (!Object.hasOwn(all, key)) return false;
        delete all[key];
        await this.writeAll(all);
        return true;
      }),
    );
  }

  async check(): Promise<SecretCheck> {
    const why = this.reason ? ` (${this.reason})` : '';
    if (!existsSync(this.file)) {
      return { ok: true, detail: `encrypted file ${this.file}, key from DEPIN_PASSPHRASE${why}; created on first use` };
    }
    try {
      const count = Object.keys(await this.serial(() => this.readAll())).length;
      return { ok: true, detail: `encrypted file ${this.file} holds ${count} secret(s), key from DEPIN_PASSPHRASE${why}` };
    } catch (error) {
      return { ok: false, detail: error instanceof DepinError ? error.message : `cannot read ${this.file}` };
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readAll(): Promise<Secrets> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new DepinError('SECRETS_UNREADABLE', `cannot read ${this.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    let box: unknown;
    try {
      box = JSON.parse(text);
    } catch {
      box = undefined;
    }
    if (!isSealedBox(box)) {
      throw new DepinError('SECRETS_CORRUPT', `${this.file} is not a depin secrets file; it was left as it is`, {
        suggestion: 'move it aside; depin then starts a new one (the secrets in it will have to be set again)',
      });
    }
    let plain: string;
    try {
      plain = await unseal(box, this.passphrase);
    } catch (error) {
      if (!(error instanceof WrongPassphraseError)) throw error;
      throw new DepinError(
        'SECRETS_PASSPHRASE',
        `cannot decrypt ${this.file}: DEPIN_PASSPHRASE is not the passphrase it was written with (or the file was altered); the file was left as it is`,
        { kind: 'failure', suggestion: 'set DEPIN_PASSPHRASE to the passphrase used when the secrets were stored' },
      );
    }
    const secrets: unknown = JSON.parse(plain);
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      throw new DepinError('SECRETS_CORRUPT', `${this.file} decrypted to something other than a set of secrets`);
    }
    return secrets as Secrets;
  }

  private async writeAll(all: Secrets): Promise<void> {
    const box = await seal(JSON.stringify(all), this.passphrase);
    writeFileAtomic(this.file, `${JSON.stringify(box, null, 2)}\n`, 0o600);
  }
}
