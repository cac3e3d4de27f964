import type { CommandContext } from '../cli/context.js';
import type { HttpPolicy } from '../net/http-client.js';
import type { PluginHost } from '../plugins-host/index.js';

/**
 * The host side of every plugin context for one command: its config, folders, stderr output, HTTP
 * policy and (opened only when a plugin asks) secret store. Load plugins before calling this, so
 * their settings are config keys.
 */
export function pluginHostFor(ctx: CommandContext, http: HttpPolicy): PluginHost {
  return {
    config: (key) => ctx.config().get(key),
    paths: ctx.paths,
    output: { json: ctx.output.json, err: (text) => ctx.output.err(text), warn: (text) => ctx.output.warn(text) },
    debug: Boolean(ctx.env.DEPIN_DEBUG),
    http,
    lotusToken: ctx.env.DEPIN_LOTUS_TOKEN || undefined,
    openSecrets: async () => {
      const { openSecretStore } = await import('../wallet/secrets/index.js');
      return openSecretStore(ctx.paths, ctx.env);
    },
  };
}
