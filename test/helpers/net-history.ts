/**
 * A history for the net profit tests through the built CLI: balance snapshots, prices and GPU power
 * samples written through the store (shaped as real runs write them), and a record of joined networks.
 */
import { resolvePaths } from '../../src/store/paths.js';
import { updateJoined, type JoinedNetwork } from '../../src/store/joined-record.js';
import { openHistory, type SnapshotRow } from '../../src/store/history-db.js';
import { openPowerSamples } from '../../src/store/power-samples-db.js';
import type { Resource } from '../../src/plugin-api/resources.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const TODAY = Math.floor(Date.now() / DAY) * DAY;
/** The first day of the period: three whole days before today (UTC). */
export const D = TODAY - 3 * DAY;
export const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const STORJ_WALLET = '0x1111111111111111111111111111111111111111';
export const NOS_WALLET = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';

const storj = (at: number, whole: bigint): SnapshotRow => ({
  takenAt: at,
  wallet: STORJ_WALLET,
  chain: 'ethereum',
  network: 'storj',
  symbol: 'STORJ',
  token: '0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac',
  decimals: 8,
  raw: whole * 100_000_000n,
  coingeckoId: 'storj',
});
const nos = (at: number, whole: bigint): SnapshotRow => ({
  takenAt: at,
  wallet: NOS_WALLET,
  chain: 'solana',
  network: 'nosana',
  symbol: 'NOS',
  token: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
  decimals: 6,
  raw: whole * 1_000_000n,
  coingeckoId: 'nosana',
});

/**
 * Earnings: STORJ 5 on D, 1 on D+1, 1.5 on D+2 at 0.50 USD; NOS 3 on D and 1 on D+2 at 2 USD
 * (prices as the history keeps CoinGecko's simple price answers; composed values).
 * Power: GPU 0 (an H200, as nvidia-smi names it) at 600 W every 5 minutes from D 00:00 to D+1 06:00.
 */
export async function fillHistory(env: NodeJS.ProcessEnv): Promise<void> {
  const file = resolvePaths(env).dbFile;
  const history = await openHistory(file);
  history.insertSnapshots([
    storj(D - 12 * HOUR, 0n),
    storj(D + 12 * HOUR, 5n),
    storj(D + DAY + 12 * HOUR, 6n),
    storj(D + 2 * DAY + 12 * HOUR, 7n),
    // An outgoing transfer is not negative earnings: 7 → 2, then half a STORJ more.
    storj(D + 2 * DAY + 13 * HOUR, 2n),
    { ...storj(D + 2 * DAY + 15 * HOUR, 0n), raw: 250_000_000n },
    nos(D - 12 * HOUR, 0n),
    nos(D + 20 * HOUR, 3n),
    nos(D + 2 * DAY + 20 * HOUR, 4n),
  ]);
  history.upsertPrices([
    { id: 'storj', currency: 'usd', price: 0.5, fetchedAt: D + 11 * HOUR },
    { id: 'nosana', currency: 'usd', price: 2, fetchedAt: D + 11 * HOUR },
  ]);
  history.close();
  const samples = await openPowerSamples(file);
  for (let at = D; at <= D + 30 * HOUR; at += 300_000) {
    samples.append({
      at,
      gpus: [
        {
          index: 0,
          uuid: 'GPU-00000000-0000-0000-0000-000000000000',
          name: 'NVIDIA H200',
          powerW: 600,
          powerLimitW: 700,
          utilizationPercent: 100,
          memoryUsedMiB: 32362,
          memoryTotalMiB: 143771,
          temperatureC: 52,
        },
      ],
    });
  }
  samples.close();
}

export const container = (name: string, gpus?: string[]): Resource =>
  ({
    kind: 'container',
    name,
    image: 'nosana/nosana-cli:latest',
    ports: [],
    mounts: [],
    env: {},
    secretEnv: {},
    restart: 'unless-stopped',
    ...(gpus ? { gpus } : {}),
  }) as Resource;

export function join_(env: NodeJS.ProcessEnv, id: string, resources: Resource[]): void {
  const now = new Date().toISOString();
  const entry: JoinedNetwork = { joinedAt: now, updatedAt: now, complete: true, answers: {}, secrets: [], resources, applied: [], stoppedByUser: false };
  updateJoined(resolvePaths(env).data, id, () => entry);
}
