import type { RewardReading, RewardSource, Tagged } from '../../src/plugin-api/index.js';

/** Public Lotus gateway used when `rpc.filecoin` is not set. */
export const DEFAULT_LOTUS_URL = 'https://api.node.glif.io/rpc/v1';
const FIL_DECIMALS = 18;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function formatAttoFil(raw: bigint): string {
  const s = raw.toString().padStart(FIL_DECIMALS + 1, '0');
  const frac = s.slice(s.length - FIL_DECIMALS).replace(/0+$/, '');
  return `${s.slice(0, s.length - FIL_DECIMALS)}${frac ? `.${frac}` : ''}`;
}

/**
 * The FIL a storage provider's miner actor can withdraw now (`Filecoin.StateMinerAvailableBalance`
 * at the chain head), for the miner id in `filecoin.minerId`. Nothing to read when none is set.
 */
export const filecoinMinerSource: RewardSource = {
  id: 'filecoin-miner-available',
  description: 'Withdrawable balance of the configured Filecoin miner actor (Lotus JSON-RPC)',
  configKeys: ['filecoin.minerId', 'rpc.filecoin'],
  async read(ctx): Promise<Tagged<RewardReading[]>> {
    const minerId = ctx.config('filecoin.minerId')?.trim();
    if (!minerId) return { status: 'ok', value: [] };
    if (!/^[ft]0\d+$/.test(minerId)) {
      return { status: 'bad-response', reason: `filecoin.minerId ${JSON.stringify(minerId)} is not a miner actor id (f0 followed by digits)` };
    }
    const endpoint = ctx.config('rpc.filecoin') ?? DEFAULT_LOTUS_URL;
    const reply = await ctx.fetchJson(endpoint, {
      method: 'POST',
      // A null tipset key means the chain head.
      body: { jsonrpc: '2.0', id: 1, method: 'Filecoin.StateMinerAvailableBalance', params: [minerId, null] },
    });
    const host = URL.canParse(endpoint) ? new URL(endpoint).host : endpoint;
    if (reply.status !== 'ok') return { status: reply.status, reason: `Lotus at ${host}: ${reply.reason}` };
    const body = reply.value;
    if (isRecord(body) && isRecord(body.error)) {
      return { status: 'bad-response', reason: `Lotus at ${host}: ${String(body.error.message ?? JSON.stringify(body.error)).slice(0, 200)}` };
    }
    const result = isRecord(body) ? body.result : undefined;
    if (typeof result !== 'string' || !/^\d+$/.test(result)) {
      return { status: 'bad-response', reason: `Lotus at ${host} answered without an attoFIL amount` };
    }
    return {
      status: 'ok',
      value: [
        {
          source: `Lotus ${host}: available balance of miner ${minerId}`,
          symbol: 'FIL',
          chain: 'filecoin',
          amount: formatAttoFil(BigInt(result)),
          unit: 'token',
          kind: 'available',
          wallet: minerId,
          at: new Date().toISOString(),
        },
      ],
    };
  },
};

export const rewardSources: RewardSource[] = [filecoinMinerSource];
