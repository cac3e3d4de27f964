import type { CommandContext } from '../cli/context.js';
import { readConfigFile, writeConfigFile } from '../store/config-file.js';
import { requireKey } from './config-get.js';

export async function run(ctx: CommandContext, [key]: string[]): Promise<number> {
  await requireKey(ctx, key);
  const values = readConfigFile(ctx.paths.configFile);
  if (!(key in values)) {
    ctx.output.err(`${key} was not set in ${ctx.paths.configFile}; nothing changed`);
    return 0;
  }
  const { [key]: _removed, ...rest } = values;
  writeConfigFile(ctx.paths.configFile, rest);
  ctx.output.err(`${key} removed from ${ctx.paths.configFile}`);
  return 0;
}
