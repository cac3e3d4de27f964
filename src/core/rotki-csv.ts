import { formatUnits } from './amount.js';
import { groupSeries, positiveSteps } from './earnings-series.js';
import { csvField } from './ledger-csv.js';
import { EVM_CHAIN_IDS, isEvmChain } from '../chains/evm-chains.js';
import { toChecksumAddress } from '../wallet/address/evm.js';
import type { ChainId } from '../plugin-api/types.js';
import type { SnapshotRow } from '../domain/records.js';

/** The columns of rotki's generic events import, in its order. */
export const ROTKI_HEADER = ['Type', 'Location', 'Currency', 'Amount', 'Fee', 'Fee Currency', 'Description', 'Timestamp'] as const;

/** rotki event types depin writes: `Staking` becomes a staking reward, `Income` a plain receive. */
export type RotkiType = 'Income' | 'Staking';

/**
 * rotki names native coins by their symbol. Cosmos bank denoms are not asset ids there, so the
 * staking denom maps to its coin.
 */
const NATIVE: Partial<Record<ChainId, string>> = {
  ethereum: 'ETH',
  solana: 'SOL',
  filecoin: 'FIL',
  iotex: 'IOTX',
  peaq: 'PEAQ',
  arweave: 'AR',
  akash: 'AKT',
};
const COSMOS_NATIVE_DENOMS: Record<string, string> = { uakt: 'AKT' };

/**
 * Locations rotki knows by name; any other name would fall back to `external` there, so the rest of
 * the chains are filed under `blockchain`.
 */
const LOCATION: Partial<Record<ChainId, string>> = { ethereum: 'ethereum', solana: 'solana' };

export interface RotkiRow {
  type: RotkiType;
  location: string;
  currency: string;
  amount: string;
  description: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/**
 * rotki's asset identifier for a tracked token: CAIP-style `eip155:<chain id>/erc20:<checksummed
 * address>` for ERC-20s, `solana/token:<mint>` for SPL tokens, the coin's symbol for natives.
 */
export function rotkiAsset(row: Pick<SnapshotRow, 'chain' | 'token' | 'symbol'>): string {
  if (row.token === 'native') return NATIVE[row.chain] ?? row.symbol.toUpperCase();
  if (isEvmChain(row.chain) && /^0x[0-9a-fA-F]{40}$/.test(row.token)) return `eip155:${EVM_CHAIN_IDS[row.chain]}/erc20:${toChecksumAddress(row.token)}`;
  if (row.chain === 'solana') return `solana/token:${row.token}`;
  if (row.chain === 'akash' && COSMOS_NATIVE_DENOMS[row.token]) return COSMOS_NATIVE_DENOMS[row.token];
  return row.symbol.toUpperCase();
}

export interface RotkiOptions {
  since: number;
  now: number;
  /** Networks whose earnings are rewards for staking or validating (rotki's `Staking`); the rest are `Income`. */
  stakingNetworks: ReadonlySet<string>;
}

/**
 * One event per earning: every balance increase in (since, now] (the same rule as the earnings
 * report), at the time of the snapshot that saw it, with the exact amount. Oldest first.
 */
export function buildRotkiRows(snapshots: readonly SnapshotRow[], options: RotkiOptions): RotkiRow[] {
  const rows: RotkiRow[] = [];
  for (const series of groupSeries(snapshots, options.now)) {
    const { latest } = series;
    for (const step of positiveSteps(series.points, options.since, options.now)) {
      rows.push({
        type: options.stakingNetworks.has(latest.network) ? 'Staking' : 'Income',
        location: LOCATION[latest.chain] ?? 'blockchain',
        currency: rotkiAsset(latest),
        amount: formatUnits(step.raw, latest.decimals),
        description: `depin: ${latest.network} earnings of ${latest.wallet} (${latest.chain})`,
        timestamp: step.at,
      });
    }
  }
  return rows.sort((a, b) => a.timestamp - b.timestamp || a.description.localeCompare(b.description) || a.currency.localeCompare(b.currency));
}

/** The rows as rotki's generic events CSV: header line, CRLF line ends, no fee. */
export function toRotkiCsv(rows: readonly RotkiRow[]): string {
  const lines = [ROTKI_HEADER.join(',')];
  for (const r of rows) lines.push([r.type, r.location, r.currency, r.amount, '', '', r.description, String(Math.trunc(r.timestamp))].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
