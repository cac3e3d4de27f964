import type { BalanceRequest } from '../chains/types.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import type { WalletEntry } from '../wallet/book.js';
import { parseAddress } from '../wallet/address/index.js';

/** A balance to read, with the network it is tracked for. */
export interface TrackedRequest extends BalanceRequest {
  network: string;
}

export interface RequestPlan {
  requests: TrackedRequest[];
  /** Wallets that fit no selected network's chain (told to the user, not silently dropped). */
  unmatched: WalletEntry[];
  /** Stored wallets that no longer parse (a hand-edited book). */
  invalid: { wallet: WalletEntry; reason: string }[];
}

/**
 * Every (wallet, token) pair to read: a wallet tied to a network reads that network's tokens on its
 * chain; an untied wallet reads every selected network's tokens on its chain. A token shared by two
 * networks is read once, for the first.
 */
export function planRequests(wallets: WalletEntry[], plugins: LoadedPlugin[]): RequestPlan {
  const requests: TrackedRequest[] = [];
  const unmatched: WalletEntry[] = [];
  const invalid: RequestPlan['invalid'] = [];
  const seen = new Set<string>();
  for (const wallet of wallets) {
    const parsed = parseAddress(wallet.address, wallet.chain);
    if (!parsed.ok) {
      invalid.push({ wallet, reason: parsed.reason });
      continue;
    }
    const address = parsed.address;
    const candidates = wallet.network ? plugins.filter((p) => p.id === wallet.network) : plugins;
    let matched = false;
    for (const plugin of candidates) {
      for (const token of plugin.definition.manifest.tokens) {
        if (token.chain !== wallet.chain) continue;
        // A Filecoin f0 id is a storage provider: its available balance is read, in FIL only.
        if (address.kind === 'miner' && !token.native) continue;
        const key = [wallet.chain, address.readAddress, token.native ? 'native' : token.mint].join('|');
        matched = true;
        if (seen.has(key)) continue;
        seen.add(key);
        requests.push({
          chain: wallet.chain,
          address: wallet.address,
          readAddress: address.readAddress,
          token,
          network: plugin.id,
          ...(address.kind === 'miner' ? { minerId: address.readAddress } : {}),
        });
      }
    }
    if (!matched) unmatched.push(wallet);
  }
  return { requests, unmatched, invalid };
}
