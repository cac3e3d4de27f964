import { existsSync } from 'node:fs';
import type { EarningsReport } from '../core/earnings-types.js';
import { nodeEarnings, type NodeEarnings, type PayoutWallet } from '../core/status-earnings.js';
import type { JoinedNetwork } from '../store/joined-record.js';
import type { DepinPaths } from '../store/paths.js';
import { valueCurrency } from './value-currency.js';

const DAY_MS = 86_400_000;

/** The last 24 h of the history; empty when there is none yet or it cannot be read (status still prints). */
async function lastDay(paths: DepinPaths, now: number, currency: string): Promise<Pick<EarningsReport, 'onChain'>> {
  // Status never creates the history: without one there is nothing earned to show.
  if (!existsSync(paths.dbFile)) return { onChain: [] };
  const [{ openHistory }, { computeEarnings }] = await Promise.all([import('../store/history-db.js'), import('../core/earnings.js')]);
  try {
    const db = await openHistory(paths.dbFile);
    try {
      const snapshots = db.snapshotsSince(now - DAY_MS);
      const ids = [...new Set(snapshots.flatMap((s) => (s.coingeckoId ? [s.coingeckoId] : [])))];
      const prices = new Map([...db.getPrices(ids, currency)].map(([id, p]) => [id, { price: p.price, fetchedAt: p.fetchedAt, stale: false }]));
      return computeEarnings({ since: now - DAY_MS, now, snapshots, prices, currency });
    } finally {
      db.close();
    }
  } catch {
    return { onChain: [] };
  }
}

/**
 * Every node with its payout wallets and last 24 h earnings from the history, for `depin status`
 * (table and --json) and the daemon's /status.
 */
export async function withEarnings<N extends { network: string }>(
  nodes: N[],
  joined: Record<string, JoinedNetwork>,
  paths: DepinPaths,
  /** Config lookup (the currency setting); absent: USD. */
  config?: (key: string) => string | undefined,
  now = Date.now(),
): Promise<(N & NodeEarnings)[]> {
  if (nodes.length === 0) return [];
  const { listWallets } = await import('../wallet/book.js');
  let book: ReturnType<typeof listWallets> = [];
  try {
    book = listWallets(paths);
  } catch {
    // A damaged wallet book is reported by the wallet commands; status shows the recorded wallets.
  }
  const currency = valueCurrency(config);
  const report = await lastDay(paths, now, currency);
  return nodes.map((node) => {
    const recorded: PayoutWallet[] = (joined[node.network]?.resources ?? []).flatMap((r) =>
      r.kind === 'wallet' ? [{ address: r.address, chain: r.chain, ...(r.label ? { label: r.label } : {}) }] : [],
    );
    return { ...node, ...nodeEarnings(node.network, recorded, book, report, currency) };
  });
}
