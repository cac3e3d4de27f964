import { resolvePaths, type DepinPaths } from '../store/paths.js';
import { Config } from '../store/config.js';
import { createOutput, type Output } from './output.js';
import { isInteractive } from './prompt.js';

/** Everything a command needs from the outside world, built once per invocation. */
export interface CommandContext {
  env: NodeJS.ProcessEnv;
  paths: DepinPaths;
  output: Output;
  interactive: boolean;
  /** Loads and validates the config on first use; a corrupt file throws a DepinError naming it. */
  config(): Config;
}

export function createContext(options: { json: boolean; env?: NodeJS.ProcessEnv }): CommandContext {
  const env = options.env ?? process.env;
  const paths = resolvePaths(env);
  let config: Config | undefined;
  return {
    env,
    paths,
    output: createOutput({ json: options.json, env }),
    interactive: isInteractive(),
    config: () => (config ??= Config.load(paths.configFile, env)),
  };
}

/** What every command module exports: returns the exit code (0 when omitted). */
export interface CommandModule {
  // Each command declares its own option shape; commander guarantees it from the registry.
  run(ctx: CommandContext, args: string[], options: any): Promise<number | void>;
}
