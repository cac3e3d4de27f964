import type { RewardContext, RewardReading, RewardSource, Tagged } from '../../src/plugin-api/index.js';
import { claimedFromAccount, HNT_LAZY_DISTRIBUTOR, recipientAddress, type ClaimedReading } from './lazy-distributor.js';

export const DEFAULT_ENTITIES_URL = 'https://entities.nft.helium.io';
export const DEFAULT_ORACLE_URL = 'https://hnt-rewards.oracle.helium.io';

/** HNT base units per token (the HNT lazy distributor pays in HNT, 8 decimals). */
const HNT_DECIMALS = 8;
/** Entity keys per oracle request, to keep bodies modest for wallets with many hotspots. */
const ORACLE_BATCH = 100;
/** Recipients read per `getMultipleAccounts` request, so one failed request marks only its own assets unread. */
const ACCOUNTS_PER_CALL = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function formatBaseUnits(raw: bigint, decimals: number): string {
  const s = raw.toString().padStart(decimals + 1, '0');
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return `${s.slice(0, s.length - decimals)}${frac ? `.${frac}` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Wallets whose hotspots and rewards are asked for at once. */
const WALLETS_AT_ONCE = 4;

/** `work` over every item, at most `limit` at a time; results in item order. */
async function inTurns<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type Fail = { status: 'unreachable' | 'bad-response' | 'wrong-chain'; reason: string };

/** A hotspot as the entity service lists it: the oracle's key and the asset its claims are kept under. */
interface Hotspot {
  entityKey: string;
  assetId?: string;
}

/** Hotspots a wallet holds, from the Helium entity (metadata) service. */
async function walletHotspots(ctx: RewardContext, base: string, wallet: string): Promise<Tagged<Hotspot[]>> {
  const reply = await ctx.http.fetchJson(`${base}/v2/wallet/${encodeURIComponent(wallet)}`);
  if (reply.status !== 'ok') return { status: reply.status, reason: `Helium entity service: ${reply.reason}` };
  const body = reply.value;
  if (!isRecord(body) || !Array.isArray(body.hotspots)) return { status: 'bad-response', reason: 'Helium entity service sent no hotspots list' };
  const hotspots: Hotspot[] = [];
  for (const h of body.hotspots) {
    if (!isRecord(h) || typeof h.entity_key_str !== 'string')
      return { status: 'bad-response', reason: 'Helium entity service listed a hotspot without entity_key_str' };
    hotspots.push({ entityKey: h.entity_key_str, assetId: typeof h.asset_id === 'string' ? h.asset_id : undefined });
  }
  return { status: 'ok', value: hotspots };
}

/**
 * Lifetime rewards (base units) per entity key from the configured oracle. The SDK takes the median
 * over every oracle of the distributor; with one oracle URL the median is that oracle's figure.
 */
async function lifetimeRewards(ctx: RewardContext, base: string, keys: string[]): Promise<Tagged<Map<string, bigint>>> {
  const out = new Map<string, bigint>();
  for (let i = 0; i < keys.length; i += ORACLE_BATCH) {
    const batch = keys.slice(i, i + ORACLE_BATCH);
    const reply = await ctx.http.fetchJson(`${base}/bulk-rewards`, { method: 'POST', body: { entityKeys: batch } });
    if (reply.status !== 'ok') return { status: reply.status, reason: `Helium rewards oracle: ${reply.reason}` };
    const rewards = isRecord(reply.value) ? reply.value.currentRewards : undefined;
    if (!isRecord(rewards)) return { status: 'bad-response', reason: 'Helium rewards oracle sent no currentRewards' };
    for (const key of batch) {
      const value = rewards[key];
      // A hotspot that never earned may be left out; anything present must be a base-unit integer.
      if (value === undefined || value === null) continue;
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^\d+$/.test(text))
        return { status: 'bad-response', reason: `Helium rewards oracle sent ${JSON.stringify(value)} for a hotspot` };
      out.set(key, BigInt(text));
    }
  }
  return { status: 'ok', value: out };
}

/**
 * What each asset has already claimed, from its RecipientV0 account under the HNT lazy distributor,
 * read with `getMultipleAccounts` (100 addresses per call). Every asset gets an answer: a failed call
 * marks its assets as unreadable, never as having claimed nothing.
 */
async function claimedRewards(ctx: RewardContext, assets: string[]): Promise<Map<string, ClaimedReading>> {
  const out = new Map<string, ClaimedReading>();
  const wanted: { asset: string; address: string }[] = [];
  for (const asset of new Set(assets)) {
    const address = await recipientAddress(HNT_LAZY_DISTRIBUTOR, asset);
    if (address) wanted.push({ asset, address });
    else out.set(asset, { ok: false, reason: `asset id ${JSON.stringify(asset)} is not a Solana address` });
  }
  for (let i = 0; i < wanted.length; i += ACCOUNTS_PER_CALL) {
    const chunk = wanted.slice(i, i + ACCOUNTS_PER_CALL);
    const reply = await ctx.chain.solana.getMultipleAccounts(chunk.map((w) => w.address));
    if (reply.status !== 'ok') {
      chunk.forEach(({ asset }) => out.set(asset, { ok: false, reason: reply.reason }));
      continue;
    }
    chunk.forEach(({ asset }, j) => out.set(asset, claimedFromAccount(reply.value[j], HNT_LAZY_DISTRIBUTOR, asset)));
  }
  return out;
}

/** Pending HNT of one wallet; or its lifetime HNT, labelled so, with `unread` saying why claims are missing. */
function walletReading(
  hotspots: Hotspot[],
  lifetime: Map<string, bigint>,
  claims: Map<string, ClaimedReading>,
): { amount: string; source: string; unread?: string } {
  let earned = 0n;
  let claimed = 0n;
  let pending = 0n;
  let behind = 0;
  let unread: string | undefined;
  for (const { entityKey, assetId } of hotspots) {
    const total = lifetime.get(entityKey) ?? 0n;
    earned += total;
    const claim: ClaimedReading =
      assetId === undefined
        ? { ok: false, reason: `Helium entity service gave no asset_id for hotspot ${entityKey}` }
        : (claims.get(assetId) ?? { ok: false, reason: `no recipient read for asset ${assetId}` });
    if (!claim.ok) {
      unread ??= claim.reason;
      continue;
    }
    claimed += claim.claimed;
    // The oracle can lag the chain right after a claim; the SDK would report a negative amount there.
    if (claim.claimed > total) behind += 1;
    else pending += total - claim.claimed;
  }
  const count = plural(hotspots.length, 'hotspot');
  if (unread !== undefined) {
    return {
      amount: formatBaseUnits(earned, HNT_DECIMALS),
      source: `Helium rewards oracle: LIFETIME rewards of ${count}, not pending: the amounts already claimed could not be read from the HNT lazy distributor (${unread}), so the claimable amount may be lower`,
      unread,
    };
  }
  const lag = behind
    ? `; for ${plural(behind, 'hotspot')} the oracle's lifetime figure is below the amount already claimed (the oracle is behind the chain), so they count as 0`
    : '';
  return {
    amount: formatBaseUnits(pending, HNT_DECIMALS),
    source: `Helium rewards oracle minus on-chain claims: pending rewards of ${count} (lifetime ${formatBaseUnits(earned, HNT_DECIMALS)} HNT, claimed ${formatBaseUnits(claimed, HNT_DECIMALS)} HNT)${lag}`,
  };
}

/**
 * Pending HNT rewards of the hotspots of each Solana wallet tied to Helium, as Helium's SDK
 * (`getPendingRewards`, packages/distributor-oracle/src/client.ts) computes them: the oracle's
 * lifetime rewards minus `total_rewards` of each hotspot's on-chain RecipientV0 account.
 */
export const heliumRewardsSource: RewardSource = {
  id: 'helium-oracle-rewards',
  description: 'Hotspots and pending HNT rewards from the Helium entity service, rewards oracle and on-chain claims',
  configKeys: ['helium.entitiesUrl', 'helium.oracleUrl', 'rpc.solana'],
  async read(ctx): Promise<Tagged<RewardReading[]>> {
    const entities = (ctx.settings.get('entitiesUrl') ?? DEFAULT_ENTITIES_URL).replace(/\/+$/, '');
    const oracle = (ctx.settings.get('oracleUrl') ?? DEFAULT_ORACLE_URL).replace(/\/+$/, '');
    const wallets = [...new Set(ctx.wallets.filter((w) => w.chain === 'solana').map((w) => w.address))];
    const found: { wallet: string; hotspots: Hotspot[]; lifetime: Map<string, bigint> }[] = [];
    const failures: string[] = [];
    let firstFailure: Fail | undefined;
    // Wallets are read side by side (a few at a time): one slow wallet must not hold up the others.
    const perWallet = await inTurns(wallets, WALLETS_AT_ONCE, async (wallet) => {
      const hotspots = await walletHotspots(ctx, entities, wallet);
      const lifetime =
        hotspots.status === 'ok'
          ? await lifetimeRewards(
              ctx,
              oracle,
              hotspots.value.map((h) => h.entityKey),
            )
          : hotspots;
      return { wallet, hotspots, lifetime };
    });
    for (const { wallet, hotspots, lifetime } of perWallet) {
      if (hotspots.status !== 'ok' || lifetime.status !== 'ok') {
        const failure = (lifetime.status !== 'ok' ? lifetime : hotspots) as Fail;
        firstFailure ??= failure;
        failures.push(`${wallet}: ${failure.reason}`);
        continue;
      }
      found.push({ wallet, hotspots: hotspots.value, lifetime: lifetime.value });
    }
    const assets = found.flatMap((f) => f.hotspots.flatMap((h) => (h.assetId === undefined ? [] : [h.assetId])));
    const claims = assets.length ? await claimedRewards(ctx, assets) : new Map<string, ClaimedReading>();
    const at = new Date().toISOString();
    const readings: RewardReading[] = found.map(({ wallet, hotspots, lifetime }) => {
      const { amount, source, unread } = walletReading(hotspots, lifetime, claims);
      if (unread !== undefined) ctx.log.warn(`Helium claimed rewards not read for ${wallet} (${unread}); its reading is lifetime rewards`);
      return { source, symbol: 'HNT', chain: 'solana', unit: 'token', kind: 'pending', amount, wallet, at };
    });
    if (firstFailure && readings.length === 0) return { status: firstFailure.status, reason: failures.join('; ') };
    for (const f of failures) ctx.log.warn(`Helium rewards not read for ${f}`);
    return { status: 'ok', value: readings };
  },
};

export const rewardSources: RewardSource[] = [heliumRewardsSource];
