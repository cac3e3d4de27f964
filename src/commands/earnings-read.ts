import type { CommandContext } from '../cli/context.js';
import { startSpinner } from '../cli/spinner.js';
import type { BalanceResult } from '../chains/types.js';
import type { ChainId } from '../plugin-api/types.js';
import type { ChainProgress, ReadHooks } from '../services/earnings-snapshot.js';

/** The balance reads with one live status per chain on stderr; Ctrl-C ends them (unread, not lost). */
export function chainSpinner(ctx: CommandContext): ChainProgress {
  return async (read: (hooks: ReadHooks) => Promise<BalanceResult[]>) => {
    const state = new Map<ChainId, string>();
    const colour = !ctx.output.json && ctx.output.paint('bold', 'x') !== 'x';
    const spinner = await startSpinner('Reading balances…', { enabled: colour });
    const show = () => spinner.update([...state].map(([chain, s]) => `${chain} ${s}`).join(' · '));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const results = await read({
        signal: controller.signal,
        onChainStart: (chain) => {
          state.set(chain, '…');
          show();
        },
        onChainDone: (chain, chainResults) => {
          const failed = chainResults.filter((r) => r.status !== 'ok').length;
          state.set(chain, failed ? ctx.output.paint('red', `✗ ${failed} unread`) : ctx.output.paint('green', '✓'));
          show();
        },
      });
      const failed = results.filter((r) => r.status !== 'ok').length;
      if (failed) spinner.fail(`read ${results.length - failed} of ${results.length} balances: ${[...state].map(([c, s]) => `${c} ${s}`).join(' · ')}`);
      else spinner.succeed(`read ${results.length} balances on ${state.size} chain${state.size === 1 ? '' : 's'}`);
      return results;
    } finally {
      spinner.stop();
      process.off('SIGINT', onSigint);
    }
  };
}
