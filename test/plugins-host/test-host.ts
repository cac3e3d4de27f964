import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, type HttpPolicy } from '../../src/net/http-client.js';
import type { ChainId, PluginDefinition, RewardContext } from '../../src/plugin-api/index.js';
import { createPluginContext, registerPluginSettings, rewardContext, type LoadedPlugin, type PluginHost } from '../../src/plugins-host/index.js';
import { configKey } from '../../src/store/config-keys.js';
import type { SecretStore } from '../../src/wallet/secrets/index.js';

export interface TestHost extends PluginHost {
  /** What reached stderr through `output.err` and `output.warn`. */
  err: string[];
  warnings: string[];
}

/**
 * A host as a command builds one, with config from a plain object (then the keys' defaults) and
 * stderr captured. Registers the plugins' settings, as loading them does.
 */
export function testHost(
  plugins: LoadedPlugin[],
  config: Record<string, string | number> = {},
  options: { json?: boolean; debug?: boolean; http?: Partial<HttpPolicy>; openSecrets?: () => Promise<SecretStore>; lotusToken?: string } = {},
): TestHost {
  registerPluginSettings({ plugins, disabled: [] });
  const err: string[] = [];
  const warnings: string[] = [];
  const root = mkdtempSync(join(tmpdir(), 'depin-plugin-host-'));
  return {
    err,
    warnings,
    config: (key) => {
      const value = config[key] ?? configKey(key)?.default;
      return value === undefined ? undefined : String(value);
    },
    paths: { config: join(root, 'config'), data: join(root, 'data'), logs: join(root, 'logs') },
    output: { json: options.json ?? false, err: (text) => err.push(text), warn: (text) => warnings.push(text) },
    debug: options.debug ?? false,
    http: { ...DEFAULT_POLICY, retries: 0, timeoutMs: 5_000, ...options.http },
    lotusToken: options.lotusToken,
    openSecrets: options.openSecrets ?? (() => Promise.reject(new Error('no secret store in this test'))),
  };
}

export const asLoaded = (definition: PluginDefinition): LoadedPlugin => ({ id: definition.manifest.id, source: 'builtin', definition });

/** A reward source's context as `depin earnings` builds it, with the warnings it logged. */
export function testRewardContext(
  definition: PluginDefinition,
  config: Record<string, string | number>,
  wallets: { address: string; chain: ChainId }[] = [],
  options: Parameters<typeof testHost>[2] = {},
): RewardContext & { warnings: string[] } {
  const plugin = asLoaded(definition);
  const host = testHost([plugin], config, options);
  return Object.assign(rewardContext(createPluginContext(plugin, host, new AbortController().signal), wallets), { warnings: host.warnings });
}
