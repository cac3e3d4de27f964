import type { RewardReading } from '../plugin-api/types.js';
import type { RewardRecord } from '../domain/records.js';

/** Converts a reward source's readings into history records (ISO time → epoch ms). */
export function rewardRecordsFrom(network: string, sourceId: string, readings: RewardReading[], fallbackAt = Date.now()): RewardRecord[] {
  return readings.map((r) => {
    const parsed = Date.parse(r.at);
    const record: RewardRecord = {
      at: Number.isNaN(parsed) ? fallbackAt : parsed,
      network,
      sourceId,
      source: r.source,
      symbol: r.symbol,
      amount: r.amount,
      unit: r.unit,
      kind: r.kind,
    };
    if (r.chain !== undefined) record.chain = r.chain;
    if (r.wallet !== undefined) record.wallet = r.wallet;
    if (r.period !== undefined) record.period = r.period;
    return record;
  });
}
