import type { ChainId } from '../plugin-api/types.js';
import type { ReadFailureRow, RewardRecord, SnapshotRow } from '../domain/records.js';

/** Rows as SQLite returns them, and their typed forms. */
export interface SnapshotSqlRow {
  taken_at: number;
  wallet: string;
  chain: string;
  network: string;
  symbol: string;
  token: string;
  decimals: number;
  raw: string;
  coingecko_id: string | null;
}

export function toSnapshot(r: SnapshotSqlRow): SnapshotRow {
  const row: SnapshotRow = {
    takenAt: r.taken_at,
    wallet: r.wallet,
    chain: r.chain as ChainId,
    network: r.network,
    symbol: r.symbol,
    token: r.token,
    decimals: r.decimals,
    raw: BigInt(r.raw),
  };
  if (r.coingecko_id !== null) row.coingeckoId = r.coingecko_id;
  return row;
}

export function toReward(r: Record<string, unknown>): RewardRecord {
  const row: RewardRecord = {
    at: r.at as number,
    network: r.network as string,
    sourceId: r.source_id as string,
    source: r.source as string,
    symbol: r.symbol as string,
    amount: r.amount as string,
    unit: r.unit as RewardRecord['unit'],
    kind: r.kind as RewardRecord['kind'],
  };
  if (r.chain !== null) row.chain = r.chain as ChainId;
  if (r.wallet !== null) row.wallet = r.wallet as string;
  if (r.period !== null) row.period = r.period as string;
  return row;
}

export function toFailure(r: Record<string, unknown>): ReadFailureRow {
  const row: ReadFailureRow = { at: r.at as number, chain: r.chain as ChainId, status: r.status as ReadFailureRow['status'], reason: r.reason as string };
  if (r.network !== null) row.network = r.network as string;
  if (r.wallet !== null) row.wallet = r.wallet as string;
  if (r.token !== null) row.token = r.token as string;
  return row;
}

export function checkSnapshot(row: SnapshotRow): void {
  if (row.raw < 0n) throw new RangeError(`negative balance for ${row.wallet} ${row.symbol}`);
  if (!Number.isInteger(row.decimals) || row.decimals < 0) throw new RangeError(`bad decimals ${row.decimals} for ${row.symbol}`);
  if (!Number.isFinite(row.takenAt)) throw new RangeError('snapshot time is not a number');
}
