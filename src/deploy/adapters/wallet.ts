import type { WalletResource } from '../../plugin-api/resources.js';
import { parseAddress } from '../../wallet/address/index.js';
import { addWallet, loadWalletBook } from '../../wallet/book.js';
import type { ResourceAdapter } from '../types.js';

function display(resource: WalletResource): string {
  const parsed = parseAddress(resource.address, resource.chain);
  return parsed.ok ? parsed.address.display : resource.address;
}

/** The payout wallet in depin's wallet book, so `depin earnings` counts what the node earns. */
export const walletAdapter: ResourceAdapter<WalletResource> = {
  async observe(resource, env) {
    const address = display(resource);
    const book = loadWalletBook({ walletsFile: env.walletsFile });
    return book.wallets.some((w) => w.address === address && w.chain === resource.chain) ? { state: 'matches' } : { state: 'absent' };
  },
  display(resource, _observation, env) {
    return [{ kind: 'command', argv: ['depin', 'wallet', 'add', display(resource), '--chain', resource.chain, '--network', env.pluginId] }];
  },
  async apply(resource, _observation, env) {
    addWallet({ walletsFile: env.walletsFile }, { address: resource.address, chain: resource.chain, network: env.pluginId, label: resource.label });
  },
  async remove(resource) {
    // Payouts can arrive after a node stops; the person removes the wallet when they no longer care.
    return `kept ${display(resource)} in the wallet book (payouts may still arrive; \`depin wallet remove\` stops tracking it)`;
  },
};
