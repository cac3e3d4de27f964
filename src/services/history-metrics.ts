import { Counter, Gauge, type Registry } from 'prom-client';
import { computeEarnings, type QuoteInput } from '../core/earnings.js';
import { SNAPSHOT_OUTCOMES } from '../core/snapshot-event.js';
import type { HistoryDb } from '../store/history-db.js';

const DAY_MS = 86_400_000;

/** The parts of the history the series are read from. */
export type HistoryView = Pick<HistoryDb, 'snapshotsSince' | 'getPrices' | 'failureCounts'>;

/**
 * Earnings series of the daemon, read from the history database after every snapshot (not on each
 * scrape, so /metrics costs no query): balances and their value per wallet, the last 24 h earned,
 * when each network and chain was last read, and read errors by chain and kind.
 */
export class HistoryMetrics {
  private readonly balance: Gauge;
  private readonly value: Gauge;
  private readonly earned: Gauge;
  private readonly earnedValue: Gauge;
  private readonly lastRead: Gauge;
  private readonly readErrors: Counter;
  private readonly sourceErrors: Counter;
  private readonly snapshots: Counter;
  /** Read errors already counted, per `chain|kind`: the database holds totals, the counter grows by the difference. */
  private readonly counted = new Map<string, number>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.balance = new Gauge({
      name: 'depin_wallet_balance',
      help: 'Last known balance of a tracked wallet, in tokens',
      labelNames: ['network', 'chain', 'wallet', 'symbol'],
      registers,
    });
    this.value = new Gauge({
      name: 'depin_wallet_balance_value',
      help: 'Value of the last known balance at the last known price, in the currency label',
      labelNames: ['network', 'chain', 'wallet', 'symbol', 'currency'],
      registers,
    });
    this.earned = new Gauge({
      name: 'depin_earnings_24h',
      help: 'Tokens earned over the last 24 hours (balance increases; outgoing transfers are not subtracted)',
      labelNames: ['network', 'chain', 'symbol'],
      registers,
    });
    this.earnedValue = new Gauge({
      name: 'depin_earnings_24h_value',
      help: 'Value of the tokens earned over the last 24 hours, in the currency label',
      labelNames: ['network', 'currency'],
      registers,
    });
    this.lastRead = new Gauge({
      name: 'depin_balance_last_read_timestamp_seconds',
      help: 'Unix time of the last successful balance read per network and chain',
      labelNames: ['network', 'chain'],
      registers,
    });
    this.readErrors = new Counter({
      name: 'depin_balance_read_errors_total',
      help: 'Balance reads that failed, by chain and kind (unreachable, bad-response, wrong-chain), from the history',
      labelNames: ['chain', 'kind'],
      registers,
    });
    this.sourceErrors = new Counter({
      name: 'depin_reward_source_errors_total',
      help: "Reads of a network's own reward API that failed in the daemon's snapshots",
      labelNames: ['network', 'kind'],
      registers,
    });
    this.snapshots = new Counter({
      name: 'depin_earnings_snapshots_total',
      help: 'Earnings snapshots taken by the daemon, by outcome (ok, partial, failed, skipped, cancelled)',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of SNAPSHOT_OUTCOMES) this.snapshots.inc({ outcome }, 0);
  }

  snapshot(outcome: string): void {
    this.snapshots.inc({ outcome });
  }

  sourceFailed(failures: readonly { network: string; status: string }[]): void {
    for (const f of failures) this.sourceErrors.inc({ network: f.network, kind: f.status });
  }

  /** Reads the series again from the history; `currency` labels every value. */
  refresh(history: HistoryView, now: number, currency: string): void {
    const snapshots = history.snapshotsSince(now - DAY_MS);
    const ids = [...new Set(snapshots.flatMap((s) => (s.coingeckoId ? [s.coingeckoId] : [])))];
    const prices = new Map<string, QuoteInput>(
      [...history.getPrices(ids, currency)].map(([id, p]) => [id, { price: p.price, fetchedAt: p.fetchedAt, stale: false }]),
    );
    const report = computeEarnings({ since: now - DAY_MS, now, snapshots, prices, currency });
    for (const g of [this.balance, this.value, this.earned, this.earnedValue, this.lastRead]) g.reset();
    const earnedValue = new Map<string, number>();
    const lastRead = new Map<string, number>();
    for (const line of report.onChain) {
      if (line.balance === undefined) continue;
      const labels = { network: line.network, chain: line.chain, wallet: line.wallet, symbol: line.symbol };
      this.balance.set(labels, Number(line.balance));
      if (line.balanceValue !== undefined) this.value.set({ ...labels, currency }, line.balanceValue);
      if (line.earned !== undefined) this.earned.inc({ network: line.network, chain: line.chain, symbol: line.symbol }, Number(line.earned));
      if (line.earnedValue !== undefined) earnedValue.set(line.network, (earnedValue.get(line.network) ?? 0) + line.earnedValue);
      const key = `${line.network}|${line.chain}`;
      if (line.asOf !== undefined) lastRead.set(key, Math.max(lastRead.get(key) ?? 0, line.asOf));
    }
    for (const [network, v] of earnedValue) this.earnedValue.set({ network, currency }, v);
    for (const [key, at] of lastRead) {
      const [network, chain] = key.split('|');
      this.lastRead.set({ network, chain }, Math.floor(at / 1000));
    }
    for (const { chain, status, count } of history.failureCounts()) {
      const key = `${chain}|${status}`;
      const grown = count - (this.counted.get(key) ?? 0);
      if (grown > 0) this.readErrors.inc({ chain, kind: status }, grown);
      this.counted.set(key, count);
    }
  }
}
