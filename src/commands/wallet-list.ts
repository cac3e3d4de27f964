import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { listWallets } = await import('../wallet/book.js');
  const wallets = listWallets(ctx.paths);
  if (ctx.output.json) {
    ctx.output.printJson({ wallets });
    return 0;
  }
  if (wallets.length === 0) {
    ctx.output.err('No wallets yet. Add one with `depin wallet add <address>`.');
    return 0;
  }
  const p = ctx.output.paintOut;
  ctx.output.out(
    await renderTable(
      ['label', 'chain', 'address', 'network'],
      wallets.map((w) => [w.label ?? '', w.chain, w.address, w.network ?? '']),
      { colour: p('bold', 'x') !== 'x' },
    ),
  );
  return 0;
}
