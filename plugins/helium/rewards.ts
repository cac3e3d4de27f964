import type { RewardContext, RewardReading, RewardSource, Tagged } from '../../src/plugin-api/index.js';

export const DEFAULT_ENTITIES_URL = 'https://entities.nft.helium.io';
export const DEFAULT_ORACLE_URL = 'https://hnt-rewards.oracle.helium.io';

/** HNT base units per token (the HNT lazy distributor pays in HNT, 8 decimals). */
const HNT_DECIMALS = 8;
/** Entity keys per oracle request, to keep bodies modest for wallets with many hotspots. */
const ORACLE_BATCH = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function formatBaseUnits(raw: bigint, decimals: number): string {
  const s = raw.toString().padStart(decimals + 1, '0');
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return `${s.slice(0, s.length - decimals)}${frac ? `.${frac}` : ''}`;
}

type Fail = { status: 'unreachable' | 'bad-response' | 'wrong-chain'; reason: string };

/** Entity keys of the hotspots a wallet holds, from the Helium entity (metadata) service. */
async function hotspotKeys(ctx: RewardContext, base: string, wallet: string): Promise<Tagged<string[]>> {
  const reply = await ctx.fetchJson(`${base}/v2/wallet/${encodeURIComponent(wallet)}`);
  if (reply.status !== 'ok') return { status: reply.status, reason: `Helium entity service: ${reply.reason}` };
  const body = reply.value;
  if (!isRecord(body) || !Array.isArray(body.hotspots)) return { status: 'bad-response', reason: 'Helium entity service sent no hotspots list' };
  const keys = body.hotspots.map((h) => (isRecord(h) && typeof h.entity_key_str === 'string' ? h.entity_key_str : undefined));
  if (keys.some((k) => k === undefined)) return { status: 'bad-response', reason: 'Helium entity service listed a hotspot without entity_key_str' };
  return { status: 'ok', value: keys as string[] };
}

/** Sum of the oracle's lifetime rewards (base units) over these hotspots. */
async function lifetimeRewards(ctx: RewardContext, base: string, keys: string[]): Promise<Tagged<bigint>> {
  let total = 0n;
  for (let i = 0; i < keys.length; i += ORACLE_BATCH) {
    const batch = keys.slice(i, i + ORACLE_BATCH);
    const reply = await ctx.fetchJson(`${base}/bulk-rewards`, { method: 'POST', body: { entityKeys: batch } });
    if (reply.status !== 'ok') return { status: reply.status, reason: `Helium rewards oracle: ${reply.reason}` };
    const rewards = isRecord(reply.value) ? reply.value.currentRewards : undefined;
    if (!isRecord(rewards)) return { status: 'bad-response', reason: 'Helium rewards oracle sent no currentRewards' };
    for (const key of batch) {
      const value = rewards[key];
      // A hotspot that never earned may be left out; anything present must be a base-unit integer.
      if (value === undefined || value === null) continue;
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^\d+$/.test(text)) return { status: 'bad-response', reason: `Helium rewards oracle sent ${JSON.stringify(value)} for a hotspot` };
      total += BigInt(text);
    }
  }
  return { status: 'ok', value: total };
}

/**
 * Lifetime HNT rewards the Helium oracle has recorded for the hotspots of each Solana wallet tied to
 * Helium. Rewards are lazy: the pending (claimable) amount is this lifetime figure minus what the
 * hotspot already claimed, which sits in an on-chain lazy-distributor account that depin does not
 * read, so the reading is labelled as lifetime, not as claimable.
 */
export const heliumRewardsSource: RewardSource = {
  id: 'helium-oracle-rewards',
  description: 'Hotspots and lifetime HNT rewards from the Helium entity service and rewards oracle',
  configKeys: ['helium.entitiesUrl', 'helium.oracleUrl'],
  async read(ctx): Promise<Tagged<RewardReading[]>> {
    const entities = (ctx.config('helium.entitiesUrl') ?? DEFAULT_ENTITIES_URL).replace(/\/+$/, '');
    const oracle = (ctx.config('helium.oracleUrl') ?? DEFAULT_ORACLE_URL).replace(/\/+$/, '');
    const wallets = [...new Set(ctx.wallets.filter((w) => w.chain === 'solana').map((w) => w.address))];
    const readings: RewardReading[] = [];
    const failures: string[] = [];
    let firstFailure: Fail | undefined;
    for (const wallet of wallets) {
      const keys = await hotspotKeys(ctx, entities, wallet);
      const total = keys.status === 'ok' ? await lifetimeRewards(ctx, oracle, keys.value) : keys;
      if (total.status !== 'ok' || keys.status !== 'ok') {
        const failure = (total.status !== 'ok' ? total : keys) as Fail;
        firstFailure ??= failure;
        failures.push(`${wallet}: ${failure.reason}`);
        continue;
      }
      const count = keys.value.length;
      readings.push({
        source: `Helium rewards oracle: lifetime rewards of ${count} hotspot${count === 1 ? '' : 's'}; amounts already claimed on-chain are not subtracted (the lazy-distributor read is not implemented), so the claimable amount may be lower`,
        symbol: 'HNT',
        chain: 'solana',
        amount: formatBaseUnits(total.value, HNT_DECIMALS),
        unit: 'token',
        kind: 'pending',
        wallet,
        at: new Date().toISOString(),
      });
    }
    if (firstFailure && readings.length === 0) return { status: firstFailure.status, reason: failures.join('; ') };
    for (const f of failures) ctx.log.warn(`Helium rewards not read for ${f}`);
    return { status: 'ok', value: readings };
  },
};

export const rewardSources: RewardSource[] = [heliumRewardsSource];
