import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { ask } from '../cli/prompt.js';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';

const ALL = 'all of them';

/**
 * An address tracked on several chains (0x on ethereum and peaq, its io1… form on iotex) is removed
 * from one with --chain, from all with --yes, and otherwise only after the user picks on a TTY;
 * without a TTY it is a usage error naming both flags.
 */
export async function run(ctx: CommandContext, [which]: string[], options: { chain?: string; yes?: boolean }): Promise<number> {
  const { describeMatches, removeWallet, walletsToRemove } = await import('../wallet/book.js');
  if (options.chain !== undefined && !(CHAIN_IDS as readonly string[]).includes(options.chain)) {
    throw usageError(`unknown chain "${options.chain}"`, `Use one of: ${CHAIN_IDS.join(', ')}.`);
  }
  let chain = options.chain as ChainId | undefined;
  let all = Boolean(options.yes);
  const matches = walletsToRemove(ctx.paths, which, chain);
  if (matches.length > 1 && !all) {
    const chains = matches.map((w) => w.chain);
    if (!ctx.interactive) {
      throw usageError(
        `${which.trim()} is tracked on ${matches.length} chains: ${describeMatches(matches)}`,
        `Pass --chain ${chains.join('|')} to stop tracking it on one, or --yes to stop tracking it on all of them; no terminal is attached to ask.`,
      );
    }
    const answer = await ask(
      [
        {
          key: 'chain',
          message: `${which.trim()} is tracked on ${matches.length} chains (${describeMatches(matches)}). Stop tracking it on`,
          flag: '--chain <chain>',
          choices: [...chains, ALL],
        },
      ],
      { given: {}, yes: false, interactive: true },
    );
    if (answer.chain === ALL) all = true;
    else chain = answer.chain as ChainId;
  }
  const removed = removeWallet(ctx.paths, which, { chain, all });
  if (ctx.output.json) ctx.output.printJson({ removed });
  else for (const w of removed) ctx.output.err(`stopped tracking ${w.address} (${w.chain}); its history stays in the local database`);
  return 0;
}
