/** Where secrets live: the OS keychain, an encrypted file, or nowhere usable (with the reason). */
export type SecretBackend = 'keychain' | 'encrypted-file' | 'unavailable';

/** Result of a self-test, for `depin doctor`. Never contains a secret value. */
export interface SecretCheck {
  ok: boolean;
  detail: string;
}

/**
 * Node keys and API tokens a network needs. Values never appear in errors, logs or results other
 * than `get`.
 */
export interface SecretStore {
  readonly backend: SecretBackend;
  /** Why the OS keychain is not in use (encrypted-file) or why nothing is usable (unavailable). */
  readonly reason?: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(key: string): Promise<boolean>;
  check(): Promise<SecretCheck>;
}

/** Service name under which keychain entries are stored. */
export const SECRET_SERVICE = 'depin';
