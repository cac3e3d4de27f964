import type { CommandContext } from '../cli/context.js';

export async function run(ctx: CommandContext, [name]: string[]): Promise<number> {
  const { removePlugin } = await import('../plugins-host/index.js');
  // The user may name the part after `depin-plugin-`; say which package actually went.
  const removed = await removePlugin(ctx.paths.pluginsDir, name);
  if (ctx.output.json) ctx.output.printJson({ removed: { name: removed.name } });
  else ctx.output.err(`removed ${removed.name}`);
  return 0;
}
