import { existsSync } from 'node:fs';
import type { EarningsReport } from '../core/earnings-types.js';
import { nodeEarnings, type NodeEarnings, type PayoutWallet } from '../core/status-earnings.js';
import type { JoinedNetwork } from '../store/joined-record.js';
import type { DepinPaths } from '../store/paths.js';
import { valueCurrency } from './value-currency.js';

const DAY_MS = 86_400_000;

interface LastDay {
  report: Pick<EarningsReport, 'onChain'>;
  /** Watchdog restarts per network in the last 24 h. */
  restarts: Map<string, number>;
}

/** The last 24 h of the history and the event log; empty when there is none yet or it cannot be read (status still prints). */
async function lastDay(paths: DepinPaths, now: number, currency: string): Promise<LastDay> {
  const none: LastDay = { report: { onChain: [] }, restarts: new Map() };
  // Status never creates the history: without one there is nothing earned to show.
  if (!existsSync(paths.dbFile)) return none;
  const [{ openHistoryWithEvents }, { computeEarnings }] = await Promise.all([import('../store/history-with-events.js'), import('../core/earnings.js')]);
  try {
    // Only reads: no whole-file check (the daemon and `earnings` check before they write).
    const store = await openHistoryWithEvents(paths.dbFile, { readsOnly: true });
    try {
      const db = store.history;
      const snapshots = db.snapshotsSince(now - DAY_MS);
      const ids = [...new Set(snapshots.flatMap((s) => (s.coingeckoId ? [s.coingeckoId] : [])))];
      const prices = new Map([...db.getPrices(ids, currency)].map(([id, p]) => [id, { price: p.price, fetchedAt: p.fetchedAt, stale: false }]));
      const restarts = new Map<string, number>();
      for (const e of store.events.since(now - DAY_MS)) if (e.kind === 'restart' && e.network) restarts.set(e.network, (restarts.get(e.network) ?? 0) + 1);
      return { report: computeEarnings({ since: now - DAY_MS, now, snapshots, prices, currency }), restarts };
    } finally {
      store.close();
    }
  } catch {
    return none;
  }
}

/**
 * Every node with its payout wallets, last 24 h earnings from the history and the watchdog's
 * restarts in that time, for `depin status`
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
  const { report, restarts } = await lastDay(paths, now, currency);
  return nodes.map((node) => {
    const recorded: PayoutWallet[] = (joined[node.network]?.resources ?? []).flatMap((r) =>
      r.kind === 'wallet' ? [{ address: r.address, chain: r.chain, ...(r.label ? { label: r.label } : {}) }] : [],
    );
    return { ...node, ...nodeEarnings(node.network, recorded, book, report, currency, restarts.get(node.network) ?? 0) };
  });
}
