import { formatUnits } from './amount.js';
import type { EarningsReport } from './earnings-types.js';
import { formatMoney } from './money.js';

/** A wallet a node pays into. */
export interface PayoutWallet {
  address: string;
  chain: string;
  label?: string;
}

/** What one token earned a node over the last 24 h, from balance snapshots. */
export interface EarnedLine {
  symbol: string;
  chain: string;
  amount: string;
  /** In `currency`; absent when no price was ever stored. */
  value?: number;
}

/** The earnings part of a node in `depin status`. */
export interface NodeEarnings {
  payoutWallets: PayoutWallet[];
  /** Null when the history holds no balance of the node's wallets (never read, or no history). */
  earnings24h: { lines: EarnedLine[]; value?: number; currency: string; lastReadAt?: string } | null;
  /** Restarts the daemon's watchdog made in the last 24 h (from the event log; 0 without one). */
  restarts24h: number;
}

const key = (w: { address: string; chain: string }) => `${w.chain}|${w.address.toLowerCase()}`;

/**
 * A node's payout wallets (those its join recorded, then those the wallet book ties to the network)
 * and what they earned in the period of `report` (the last 24 h). Balances that could not be read
 * do not count as zero earned: a line is shown only for a balance read at least once.
 */
export function nodeEarnings(
  network: string,
  recorded: readonly PayoutWallet[],
  book: readonly { address: string; chain: string; label?: string; network?: string }[],
  report: Pick<EarningsReport, 'onChain'>,
  currency = 'usd',
  restarts24h = 0,
): NodeEarnings {
  const wallets = new Map<string, PayoutWallet>();
  for (const w of [...recorded, ...book.filter((b) => b.network === network)]) {
    if (!wallets.has(key(w))) wallets.set(key(w), { address: w.address, chain: w.chain, ...(w.label ? { label: w.label } : {}) });
  }
  const byToken = new Map<string, { symbol: string; chain: string; raw: bigint; decimals: number; value?: number; priced: boolean }>();
  let lastRead: number | undefined;
  for (const line of report.onChain) {
    if (line.network !== network || line.earnedRaw === undefined) continue;
    const k = `${line.chain}|${line.symbol}`;
    const t = byToken.get(k) ?? { symbol: line.symbol, chain: line.chain, raw: 0n, decimals: line.decimals, priced: true };
    t.raw += line.earnedRaw;
    if (line.earnedValue === undefined) t.priced = false;
    else t.value = (t.value ?? 0) + line.earnedValue;
    byToken.set(k, t);
    if (line.asOf !== undefined) lastRead = Math.max(lastRead ?? 0, line.asOf);
  }
  if (byToken.size === 0) return { payoutWallets: [...wallets.values()], earnings24h: null, restarts24h };
  const lines: EarnedLine[] = [...byToken.values()]
    .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.chain.localeCompare(b.chain))
    .map((t) => ({
      symbol: t.symbol,
      chain: t.chain,
      amount: formatUnits(t.raw, t.decimals),
      ...(t.priced && t.value !== undefined ? { value: t.value } : {}),
    }));
  // A total only when every token has a price: a partial sum would read as the whole.
  const total = lines.every((l) => l.value !== undefined) ? lines.reduce((sum, l) => sum + (l.value ?? 0), 0) : undefined;
  return {
    payoutWallets: [...wallets.values()],
    earnings24h: {
      lines,
      ...(total !== undefined ? { value: total } : {}),
      currency,
      ...(lastRead !== undefined ? { lastReadAt: new Date(lastRead).toISOString() } : {}),
    },
    restarts24h,
  };
}

/** "1.5 AR ($15.00)" for the status table. */
export function earnedText(earnings: NodeEarnings['earnings24h']): string {
  if (!earnings) return '';
  const tokens = earnings.lines.map((l) => `${l.amount} ${l.symbol}`).join(', ');
  if (earnings.value === undefined) return tokens;
  return `${tokens} (${formatMoney(earnings.value, earnings.currency)})`;
}
