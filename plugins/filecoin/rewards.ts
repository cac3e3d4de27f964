import type { RewardReading, RewardSource, Tagged } from '../../src/plugin-api/index.js';

const FIL_DECIMALS = 18;
/** A miner actor id: `f0` (mainnet) followed by its number. */
export const MINER_ID = /^f0\d{1,20}$/;

function formatAttoFil(raw: bigint): string {
  const s = raw.toString().padStart(FIL_DECIMALS + 1, '0');
  const frac = s.slice(s.length - FIL_DECIMALS).replace(/0+$/, '');
  return `${s.slice(0, s.length - FIL_DECIMALS)}${frac ? `.${frac}` : ''}`;
}

/**
 * The FIL a storage provider's miner actor can withdraw now (`Filecoin.StateMinerAvailableBalance`
 * at the chain head), for the miner id in the `filecoin.minerId` setting. Nothing to read when none is set.
 */
export const filecoinMinerSource: RewardSource = {
  id: 'filecoin-miner-available',
  description: 'Withdrawable balance of the configured Filecoin miner actor (Lotus JSON-RPC)',
  configKeys: ['filecoin.minerId', 'rpc.filecoin'],
  async read(ctx): Promise<Tagged<RewardReading[]>> {
    const minerId = ctx.settings.get('minerId')?.trim();
    if (!minerId) return { status: 'ok', value: [] };
    if (!MINER_ID.test(minerId)) {
      return { status: 'bad-response', reason: `filecoin.minerId ${JSON.stringify(minerId)} is not a miner actor id (f0 followed by digits)` };
    }
    // A null tipset key means the chain head.
    const reply = await ctx.chain.lotus.call('Filecoin.StateMinerAvailableBalance', [minerId, null]);
    if (reply.status !== 'ok') return reply;
    const result = reply.value;
    const endpoint = ctx.config('rpc.filecoin');
    const where = endpoint && URL.canParse(endpoint) ? ` ${new URL(endpoint).host}` : '';
    if (typeof result !== 'string' || !/^\d+$/.test(result)) {
      return { status: 'bad-response', reason: `Lotus${where} answered without an attoFIL amount` };
    }
    return {
      status: 'ok',
      value: [
        {
          source: `Lotus${where}: available balance of miner ${minerId}`,
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
