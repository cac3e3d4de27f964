import type { CommandContext } from '../cli/context.js';
import { updateConfigFile } from '../store/config-file.js';
import { requireKey } from './config-get.js';

export async function run(ctx: CommandContext, [key]: string[]): Promise<number> {
  await requireKey(ctx, key);
  let removed = false;
  updateConfigFile(ctx.paths.configFile, (values) => {
    removed = key in values;
    const { [key]: _removed, ...rest } = values;
    return removed ? rest : undefined;
  });
  // Unsetting a key that was not set leaves the file as the user wanted it: not an error.
  if (ctx.output.json) ctx.output.printJson({ key, removed, file: ctx.paths.configFile });
  else if (removed) ctx.output.err(`${key} removed from ${ctx.paths.configFile}`);
  else ctx.output.err(`${key} was not set in ${ctx.paths.configFile}; nothing changed`);
  return 0;
}
