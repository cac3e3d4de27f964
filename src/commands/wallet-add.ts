import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { ask } from '../cli/prompt.js';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';

export async function run(ctx: CommandContext, [input]: string[], options: { chain?: string; label?: string; network?: string }): Promise<number> {
  const { parseAddress } = await import('../wallet/address/index.js');
  const { addWallet } = await import('../wallet/book.js');
  if (options.chain !== undefined && !(CHAIN_IDS as readonly string[]).includes(options.chain)) {
    throw usageError(`unknown chain "${options.chain}"`, `Use one of: ${CHAIN_IDS.join(', ')}.`);
  }
  let chain = options.chain as ChainId | undefined;
  let parsed = parseAddress(input, chain);
  if (!parsed.ok && parsed.candidates?.length && chain === undefined) {
    // An 0x address fits several EVM chains: the user must say which one.
    const answers = await ask(
      [{ key: 'chain', message: `Which chain is ${input} on?`, flag: '--chain <chain>', choices: parsed.candidates }],
      { given: {}, yes: false, interactive: ctx.interactive },
    );
    chain = answers.chain as ChainId;
    parsed = parseAddress(input, chain);
  }
  if (!parsed.ok) throw usageError(`invalid address: ${parsed.reason}`, parsed.candidates ? `Pass --chain ${parsed.candidates.join('|')}.` : undefined);

  if (options.network !== undefined) {
    const { loadPlugins, findPlugin } = await import('../plugins-host/index.js');
    const plugin = findPlugin(await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true }), options.network);
    const chains = [...new Set(plugin.definition.manifest.tokens.map((t) => t.chain))];
    if (!chains.includes(parsed.address.chain)) {
      throw usageError(`${plugin.id} pays on ${chains.join(', ')}, but this is a ${parsed.address.chain} address`, 'Add the wallet without --network, or give the payout address of that network.');
    }
  }
  const wallet = addWallet(ctx.paths, { address: parsed.address.display, chain: parsed.address.chain, label: options.label, network: options.network });
  if (ctx.output.json) ctx.output.printJson({ wallet });
  else ctx.output.err(`tracking ${wallet.address} on ${wallet.chain}${wallet.label ? ` as "${wallet.label}"` : ''}${wallet.network ? ` for ${wallet.network}` : ''} (watch-only)`);
  return 0;
}
