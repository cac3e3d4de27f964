import type { HttpPolicy } from '../net/http-client.js';
import type { PluginHost } from '../plugins-host/index.js';
import type { Config } from '../store/config.js';
import type { DepinPaths } from '../store/paths.js';

/** What a reader of the network needs from its caller: the command's context, or the daemon's. */
export interface SnapshotEnv {
  env: NodeJS.ProcessEnv;
  paths: DepinPaths;
  config: Config;
  /** Where progress and plugin lines go: the command's stderr, or the daemon's log. */
  output: { json: boolean; err(text: string): void; warn(text: string): void };
}

/**
 * The host side of every plugin context for one run: its config, folders, output, HTTP policy and
 * (opened only when a plugin asks) secret store. Load plugins before calling this, so their
 * settings are config keys.
 */
export function pluginHostFor(env: SnapshotEnv, http: HttpPolicy): PluginHost {
  return {
    config: (key) => env.config.get(key),
    paths: env.paths,
    output: env.output,
    debug: Boolean(env.env.DEPIN_DEBUG),
    http,
    lotusToken: env.env.DEPIN_LOTUS_TOKEN || undefined,
    openSecrets: async () => {
      const { openSecretStore } = await import('../wallet/secrets/index.js');
      return openSecretStore(env.paths, env.env);
    },
  };
}
