import { DepinError } from '../../domain/errors.js';
import { assertSecretKey } from './keys.js';
import { TimeoutError, withTimeout } from './timeout.js';
import { SECRET_SERVICE, type SecretCheck, type SecretStore } from './types.js';

/** The part of keytar depin uses. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * keytar is an optional native dependency: where libsecret was missing at install time it is
 * absent, so it is loaded by a name the compiler does not resolve.
 */
export async function loadKeytar(): Promise<KeytarLike> {
  const name = 'keytar';
  const mod = (await import(name)) as { default?: KeytarLike } & Partial<KeytarLike>;
  const keytar = (mod.default ?? mod) as Partial<KeytarLike>;
  if (typeof keytar.getPassword !== 'function' || typeof keytar.setPassword !== 'function') {
    throw new Error('keytar loaded without its functions');
  }
  return keytar as KeytarLike;
}

/** Entry that marks the keychain as writable, so later probes need one read only. */
const PROBE_ACCOUNT = '.probe';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Reads the probe entry and, the first time, writes it. A Secret Service can answer reads yet
 * refuse writes (no default collection, nobody to answer the unlock prompt), so a read alone
 * proves too little. Every call is bounded: keytar can block without a reachable service.
 */
export async function probeKeychain(keytar: KeytarLike, timeoutMs: number): Promise<ProbeResult> {
  let marker: string | null;
  try {
    marker = await withTimeout(keytar.getPassword(SECRET_SERVICE, PROBE_ACCOUNT), timeoutMs, 'the OS keychain');
  } catch (error) {
    return { ok: false, reason: `the keychain could not be read (${describe(error)})` };
  }
  if (marker !== null) return { ok: true };
  try {
    await withTimeout(keytar.setPassword(SECRET_SERVICE, PROBE_ACCOUNT, 'ok'), timeoutMs, 'the OS keychain');
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `the keychain answers but refused a test write (${describe(error)})` };
  }
}

/** Secrets in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager). */
export class KeychainStore implements SecretStore {
  readonly backend = 'keychain' as const;
  readonly reason = undefined;

  constructor(
    private readonly keytar: KeytarLike,
    private readonly timeoutMs: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    assertSecretKey(key);
    const value = await this.call(`read "${key}"`, () => this.keytar.getPassword(SECRET_SERVICE, key));
    return value ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    assertSecretKey(key);
    await this.call(`store "${key}"`, () => this.keytar.setPassword(SECRET_SERVICE, key, value));
  }

  async delete(key: string): Promise<boolean> {
    assertSecretKey(key);
    return this.call(`delete "${key}"`, () => this.keytar.deletePassword(SECRET_SERVICE, key));
  }

  async check(): Promise<SecretCheck> {
    const probe = await probeKeychain(this.keytar, this.timeoutMs);
    return probe.ok ? { ok: true, detail: `OS keychain (service "${SECRET_SERVICE}") via keytar` } : { ok: false, detail: `OS keychain: ${probe.reason}` };
  }

  private async call<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(op(), this.timeoutMs, 'the OS keychain');
    } catch (error) {
      // keytar's messages come from libsecret and never carry the value; they are passed on as-is.
      throw new DepinError('KEYCHAIN_FAILED', `could not ${what} in the OS keychain: ${describe(error)}`, {
        suggestion: 'check that the keychain is unlocked (`depin doctor`), or set DEPIN_SECRETS_BACKEND=file and DEPIN_PASSPHRASE',
      });
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof TimeoutError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || 'unknown error';
}
