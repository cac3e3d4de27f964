import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { ask } from '../cli/prompt.js';
import { CHAIN_IDS, type ChainId } from '../plugin-api/types.js';

/** The chains a network pays on, from its manifest; an unknown network is a usage error with a suggestion. */
async function payoutChains(ctx: CommandContext, network: string): Promise<{ id: string; chains: ChainId[] }> {
  const { loadPlugins, findPlugin } = await import('../plugins-host/index.js');
  const plugin = findPlugin(await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true }), network);
  return { id: plugin.id, chains: [...new Set(plugin.definition.manifest.tokens.map((t) => t.chain))] };
}

export async function run(ctx: CommandContext, [input]: string[], options: { chain?: string; label?: string; network?: string }): Promise<number> {
  const { parseAddress } = await import('../wallet/address/index.js');
  const { addWallet } = await import('../wallet/book.js');
  if (options.chain !== undefined && !(CHAIN_IDS as readonly string[]).includes(options.chain)) {
    throw usageError(`unknown chain "${options.chain}"`, `Use one of: ${CHAIN_IDS.join(', ')}.`);
  }
  // Checked first: a mistyped network should not lead to a question about the chain.
  const network = options.network === undefined ? undefined : await payoutChains(ctx, options.network);
  let chain = options.chain as ChainId | undefined;
  let parsed = parseAddress(input, chain);
  if (!parsed.ok && parsed.candidates?.length && chain === undefined) {
    // An 0x address fits several chains; the network, when given, may pay on only one of them.
    const fitting = network ? network.chains.filter((c) => parseAddress(input, c).ok) : [];
    if (network && fitting.length === 0) {
      throw usageError(
        `${network.id} pays on ${network.chains.join(', ')}, but this address is one for ${parsed.candidates.join(', ')}`,
        'Add the wallet without --network, or give the payout address of that network.',
      );
    }
    if (fitting.length === 1) {
      chain = fitting[0];
    } else {
      const answers = await ask(
        [{ key: 'chain', message: `Which chain is ${input} on?`, flag: '--chain <chain>', choices: fitting.length > 1 ? fitting : parsed.candidates }],
        { given: {}, yes: false, interactive: ctx.interactive },
      );
      chain = answers.chain as ChainId;
    }
    parsed = parseAddress(input, chain);
  }
  if (!parsed.ok) throw usageError(`invalid address: ${parsed.reason}`, parsed.candidates ? `Pass --chain ${parsed.candidates.join('|')}.` : undefined);

  if (network && !network.chains.includes(parsed.address.chain)) {
    throw usageError(
      `${network.id} pays on ${network.chains.join(', ')}, but this is a ${parsed.address.chain} address`,
      'Add the wallet without --network, or give the payout address of that network.',
    );
  }
  const wallet = addWallet(ctx.paths, { address: parsed.address.display, chain: parsed.address.chain, label: options.label, network: network?.id });
  if (ctx.output.json) ctx.output.printJson({ wallet });
  else
    ctx.output.err(
      `tracking ${wallet.address} on ${wallet.chain}${wallet.label ? ` as "${wallet.label}"` : ''}${wallet.network ? ` for ${wallet.network}` : ''} (watch-only)`,
    );
  return 0;
}
