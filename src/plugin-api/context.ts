/**
 * Public types of the capabilities in a plugin's context (see `PluginContext` in types.ts) and of the
 * settings a plugin declares in its manifest.
 */
import type { Tagged } from './types.js';

/**
 * A setting a plugin declares. It becomes the config key `<pluginId>.<key>`: `depin config list`
 * shows it, `depin config set` checks it, and the plugin reads it with `ctx.settings.get(key)`.
 */
export interface PluginSetting {
  /** Letters and digits, starting with a letter (e.g. `dashboardUrl`). */
  key: string;
  /** One line for `depin config list`. */
  description: string;
  /**
   * How the value is checked: `string` (the default; trimmed), `url` (http:// or https://), `integer`
   * (whole number, within `min`/`max` when given).
   */
  type?: 'string' | 'url' | 'integer';
  /** Allowed values of a `string` setting. */
  choices?: string[];
  min?: number;
  max?: number;
  /** Used when the user set nothing; it must pass the setting's own checks. */
  default?: string | number;
  /** A further check: returns what is wrong, or undefined when the value is valid. */
  validate?: (value: string) => string | undefined;
}

/** The plugin's own settings, by the key it declared. */
export interface PluginSettings {
  /** The effective value as text (set by the user, else the default), or undefined when unset. */
  get(key: string): string | undefined;
  /** An `integer` setting as a number, or undefined when unset. */
  number(key: string): number | undefined;
}

export interface FetchJsonInit {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** HTTP through the host's client: timeouts, retries with backoff, a concurrency cap per endpoint. */
export interface PluginHttp {
  fetchJson(url: string, init?: FetchJsonInit): Promise<Tagged<unknown>>;
}

/** One Solana account as `getMultipleAccounts` returns it, with its data decoded. */
export interface SolanaAccount {
  owner: string;
  lamports: bigint;
  executable: boolean;
  data: Uint8Array;
}

/** Solana JSON-RPC against `rpc.solana`. */
export interface SolanaReads {
  /** One JSON-RPC call; the `result` field of the answer. */
  call(method: string, params: unknown[]): Promise<Tagged<unknown>>;
  /**
   * Accounts in the order asked, `null` for an account that does not exist. Any number of addresses:
   * the host splits them into calls of 100 and sends those as batches.
   */
  getMultipleAccounts(addresses: string[], options?: { commitment?: 'processed' | 'confirmed' | 'finalized' }): Promise<Tagged<(SolanaAccount | null)[]>>;
}

/** Filecoin Lotus JSON-RPC against `rpc.filecoin` (with DEPIN_LOTUS_TOKEN when it is set). */
export interface LotusReads {
  /** One call such as `Filecoin.StateMinerAvailableBalance`; the `result` field of the answer. */
  call(method: string, params: unknown[]): Promise<Tagged<unknown>>;
}

/** Chain reads through the host's configured endpoints. */
export interface PluginChainReads {
  solana: SolanaReads;
  lotus: LotusReads;
}

/**
 * Secrets under the plugin's own names (stored as `<pluginId>.<name>`). A store that cannot be used
 * (no keychain and no DEPIN_PASSPHRASE) fails as a value with the reason and the fix.
 */
export interface PluginSecrets {
  get(name: string): Promise<Tagged<string | undefined>>;
  set(name: string, value: string): Promise<Tagged<void>>;
  /** `true` when something was deleted. */
  delete(name: string): Promise<Tagged<boolean>>;
}
