import { scopedSecretKey } from './secret-key.js';
import { redactText } from '../net/redact.js';
import { join } from 'node:path';
import type { PluginContext, PluginLog, PluginSecrets, PluginSettings, RewardContext, Tagged } from '../plugin-api/index.js';
import { httpJson, type HttpPolicy } from '../net/http-client.js';
import type { SecretStore } from '../wallet/secrets/index.js';
import { createChainReads } from './chain-reads.js';
import { settingKey } from './settings.js';
import type { LoadedPlugin } from './types.js';

/** What the host lends every plugin context; a command builds it once and passes it to `callPlugin`. */
export interface PluginHost {
  /** Effective config value (env, then file, then default) of any key, plugin settings included. */
  config(key: string): string | undefined;
  /** depin's folders. */
  paths: { config: string; data: string; logs: string };
  /** Where plugin log lines go (stderr); `json` silences `info`, which only a person reads. */
  output: { json: boolean; err(text: string): void; warn(text: string): void };
  /** Show plugins' `debug` lines (DEPIN_DEBUG). */
  debug: boolean;
  /** Timeouts, retries and the concurrency cap for the plugins' HTTP and chain reads. */
  http: HttpPolicy;
  /** The Lotus API token (DEPIN_LOTUS_TOKEN), sent to `rpc.filecoin` only. */
  lotusToken?: string;
  /** Opens depin's secret store; called at most once, and only when a plugin uses a secret. */
  openSecrets(): Promise<SecretStore>;
  dryRun?: boolean;
}

/** The folder a plugin may keep its own files in. */
export function pluginDataDir(dataDir: string, pluginId: string): string {
  return join(dataDir, 'plugin-data', pluginId);
}

function pluginLog(plugin: LoadedPlugin, host: PluginHost): PluginLog {
  return {
    debug: (message) => {
      if (host.debug) host.output.err(`[${plugin.id}] ${message}`);
    },
    info: (message) => {
      if (!host.output.json) host.output.err(`${plugin.id}: ${message}`);
    },
    // A plugin may quote a URL it was given; keys and passwords in it never reach the terminal.
    warn: (message) => host.output.warn(redactText(`${plugin.id}: ${message}`)),
  };
}

function pluginSettings(plugin: LoadedPlugin, host: PluginHost): PluginSettings {
  const declared = new Set((plugin.definition.manifest.settings ?? []).map((s) => s.key));
  const get = (key: string): string | undefined => {
    // Only its own declared settings: another plugin's are not this plugin's to read.
    if (!declared.has(key)) return undefined;
    return host.config(settingKey(plugin.id, key));
  };
  return {
    get,
    number: (key) => {
      const value = get(key);
      return value === undefined || !/^\s*-?\d+\s*$/.test(value) ? undefined : Number(value);
    },
  };
}

const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function reasonOf(error: unknown): string {
  const e = error as { message?: unknown; suggestion?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.suggestion === 'string' && e.suggestion ? `${message} (${e.suggestion})` : message;
}

/** Opens the store once per host, however many plugins ask. */
const stores = new WeakMap<PluginHost, Promise<SecretStore>>();

function pluginSecrets(plugin: LoadedPlugin, host: PluginHost): PluginSecrets {
  const use = async <T>(name: string, action: (store: SecretStore, key: string) => Promise<T>): Promise<Tagged<T>> => {
    if (!SECRET_NAME.test(name)) return { status: 'bad-response', reason: `"${name.slice(0, 70)}" is not a valid secret name (letters, digits and . _ -)` };
    try {
      let store = stores.get(host);
      if (!store) stores.set(host, (store = host.openSecrets()));
      return { status: 'ok', value: await action(await store, scopedSecretKey(plugin.id, name)) };
    } catch (error) {
      return { status: 'unreachable', reason: `secret store: ${reasonOf(error)}` };
    }
  };
  return {
    get: (name) => use(name, (store, key) => store.get(key)),
    set: (name, value) => use(name, (store, key) => store.set(key, value)),
    delete: (name) => use(name, (store, key) => store.delete(key)),
  };
}

/**
 * The one plugin context: the plugin's settings, log, folders, HTTP, chain reads and secrets, all
 * bound to `signal` (aborted when the call's deadline passes). Commands never build one themselves;
 * `callPlugin` does.
 */
export function createPluginContext(plugin: LoadedPlugin, host: PluginHost, signal: AbortSignal): PluginContext {
  const policy = host.http;
  return {
    pluginId: plugin.id,
    config: (key) => host.config(key),
    settings: pluginSettings(plugin, host),
    dryRun: host.dryRun ?? false,
    paths: { config: host.paths.config, data: pluginDataDir(host.paths.data, plugin.id), logs: host.paths.logs },
    log: pluginLog(plugin, host),
    http: {
      fetchJson: async (url, init) => {
        if (!URL.canParse(url)) return { status: 'bad-response', reason: `not a URL: ${JSON.stringify(url.slice(0, 80))}` };
        const body = init?.body === undefined ? undefined : JSON.stringify(init.body);
        const reply = await httpJson(url, { method: init?.method, headers: init?.headers, body, signal }, policy);
        return reply.ok ? { status: 'ok', value: reply.value } : { status: reply.kind, reason: reply.reason };
      },
    },
    chain: createChainReads(host, signal),
    secrets: pluginSecrets(plugin, host),
    signal,
  };
}

/** A reward source's context: the plugin context and the wallets tied to its network. */
export function rewardContext(ctx: PluginContext, wallets: RewardContext['wallets']): RewardContext {
  return { ...ctx, wallets, fetchJson: ctx.http.fetchJson };
}
