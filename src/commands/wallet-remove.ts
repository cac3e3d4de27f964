import type { CommandContext } from '../cli/context.js';

export async function run(ctx: CommandContext, [which]: string[]): Promise<number> {
  const { removeWallet } = await import('../wallet/book.js');
  const removed = removeWallet(ctx.paths, which);
  if (ctx.output.json) ctx.output.printJson({ removed });
  else for (const w of removed) ctx.output.err(`stopped tracking ${w.address} (${w.chain}); its history stays in the local database`);
  return 0;
}
