import type { CommandContext } from '../cli/context.js';
import type { DeployHost } from '../services/join-context.js';
import type { SecretStore } from '../wallet/secrets/index.js';

/** The host pieces the deploy services need, from the command's context. */
export async function deployHost(ctx: CommandContext, signal: AbortSignal, progress: (line: string) => void): Promise<DeployHost> {
  const [{ readPolicy }, { openSecretStore }, { loadPlugins }] = await Promise.all([
    import('../net/http-client.js'),
    import('../wallet/secrets/index.js'),
    import('../plugins-host/index.js'),
  ]);
  // Every plugin's settings must be config keys before the config file is read: one holding another
  // network's setting (helium.entitiesUrl) is otherwise refused, and leave, stop or status with it.
  await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const config = ctx.config();
  let store: Promise<SecretStore> | undefined;
  return {
    dataDir: ctx.paths.data,
    walletsFile: ctx.paths.walletsFile,
    config: (key) => {
      try {
        return config.get(key);
      } catch {
        return undefined;
      }
    },
    http: readPolicy({ timeoutMs: config.number('http.timeoutMs'), retries: config.number('http.retries') }),
    secrets: () => (store ??= openSecretStore(ctx.paths, ctx.env)),
    log: {
      debug: (m) => (ctx.env.DEPIN_DEBUG ? ctx.output.err(m) : undefined),
      info: (m) => ctx.output.err(m),
      warn: (m) => ctx.output.warn(m),
    },
    signal,
    progress,
  };
}
