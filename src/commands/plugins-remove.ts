import type { CommandContext } from '../cli/context.js';

export async function run(ctx: CommandContext, [name]: string[]): Promise<number> {
  const { removePlugin } = await import('../plugins-host/index.js');
  await removePlugin(ctx.paths.pluginsDir, name);
  ctx.output.err(`removed ${name}`);
  return 0;
}
