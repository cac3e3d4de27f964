import type { CommandContext } from '../cli/context.js';

export async function run(ctx: CommandContext, [which]: string[]): Promise<number> {
  const { removeWallet } = await import('../wallet/book.js');
  const removed = removeWallet(ctx.paths, which);
  if (ctx.output.json) ctx.output.printJson({ removed });
  else ctx.output.err(`stopped tracking ${removed.address} (${removed.chain}); its history stays in the local database`);
  return 0;
}
