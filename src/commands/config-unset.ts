import type { CommandContext } from '../cli/context.js';
import { updateConfigFile } from '../store/config-file.js';
import { requireKey } from './config-get.js';

export async function run(ctx: CommandContext, [key]: string[]): Promise<number> {
  requireKey(key);
  let found = false;
  updateConfigFile(ctx.paths.configFile, (values) => {
    found = key in values;
    const { [key]: _removed, ...rest } = values;
    return found ? rest : undefined;
  });
  if (!found) {
    ctx.output.err(`${key} was not set in ${ctx.paths.configFile}; nothing changed`);
    return 0;
  }
  ctx.output.err(`${key} removed from ${ctx.paths.configFile}`);
  return 0;
}
