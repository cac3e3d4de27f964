import type { CommandContext } from '../cli/context.js';
import { startSpinner } from '../cli/spinner.js';
import type { BalanceRequest, BalanceResult } from '../chains/types.js';
import type { ChainId } from '../plugin-api/types.js';
import type { DerivationCache } from '../chains/derivation-cache.js';

/** Reads every chain concurrently, with one live status per chain on stderr. */
export async function readChains(
  ctx: CommandContext,
  requests: BalanceRequest[],
  endpoints: Partial<Record<ChainId, string>>,
  options: {
    timeoutMs: number;
    retries: number;
    concurrency: number;
    maxResponseBytes?: number;
    solanaMode: 'ata' | 'scan';
    derivationCache?: DerivationCache;
    akashApi: 'lcd' | 'rpc';
    /** What is left of the command's deadline; every chain ends by then. */
    chainTimeoutMs?: number;
  },
): Promise<BalanceResult[]> {
  if (requests.length === 0) return [];
  const { readAll } = await import('../chains/read-all.js');
  const { akashApi, ...readOptions } = options;
  // The CometBFT reader batches every Akash address; the LCD reader needs one request per address.
  const readers =
    akashApi === 'rpc' && requests.some((r) => r.chain === 'akash') ? { akash: (await import('../chains/cosmos-rpc-reader.js')).cosmosRpcReader } : undefined;
  const state = new Map<ChainId, string>();
  const colour = !ctx.output.json && ctx.output.paint('bold', 'x') !== 'x';
  const spinner = await startSpinner('Reading balances…', { enabled: colour });
  const show = () => spinner.update([...state].map(([chain, s]) => `${chain} ${s}`).join(' · '));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const results = await readAll(requests, endpoints, {
      ...readOptions,
      readers,
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
}
