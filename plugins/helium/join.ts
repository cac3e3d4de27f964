import { addressProblem } from '../../src/plugin-api/addresses.js';
import type { HealthContext, HealthReport, JoinContext, Question, ResourceInput } from '../../src/plugin-api/index.js';

/**
 * A Helium hotspot is hardware onboarded with the Helium app; no software here can be one. Joining
 * records the hotspots and the wallet, so status reads them from the entity API and earnings tracks
 * HNT and pending rewards.
 */
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** Hotspot ids: entity keys (base58 ECC compact keys, ~50 characters) or asset ids (32-byte base58). */
export function hotspotIdsProblem(text: string): string | undefined {
  const ids = splitIds(text);
  if (ids.length === 0) return 'give at least one hotspot entity key or asset id';
  for (const id of ids) {
    if (!BASE58.test(id)) return `"${id.slice(0, 12)}…" is not base58 (an entity key or asset id, as the Helium app shows it)`;
    if (id.length < 32 || id.length > 400) return `"${id.slice(0, 12)}…" is ${id.length} characters: not an entity key or asset id`;
  }
  return new Set(ids).size === ids.length ? undefined : 'a hotspot is listed twice';
}

export function splitIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const questions: Question[] = [
  { key: 'wallet', message: 'Solana wallet that owns the hotspots', flag: '--set wallet=<solana address>', validate: (v) => addressProblem('solana', v) },
  {
    key: 'hotspots',
    message: 'Hotspot entity keys or asset ids, comma-separated',
    flag: '--set hotspots=<key>[,<key>…]',
    validate: hotspotIdsProblem,
  },
];

export function plan(_ctx: JoinContext, answers: Record<string, string>): ResourceInput[] {
  return [
    { kind: 'wallet', address: answers.wallet, chain: 'solana' },
    { kind: 'device', ids: splitIds(answers.hotspots), wallet: answers.wallet, description: 'Helium hotspots owned by this wallet' },
    {
      kind: 'manual',
      title: 'Onboard each hotspot with the Helium app',
      url: 'https://docs.helium.com',
      steps: ['Power the hotspot, onboard and assert its location in the Helium app with this wallet; depin reads the result from the Helium entity API.'],
    },
  ];
}

interface EntityHotspot {
  name?: string;
  asset_id?: string;
  entity_key_str?: string;
  hotspot_infos?: Record<string, { location?: string | null; lat?: number; long?: number } | undefined>;
}

/** The registered hotspots as the Helium entity API lists them for the wallet. */
export async function health(ctx: HealthContext): Promise<HealthReport> {
  const base = (ctx.setting('entitiesUrl') ?? 'https://entities.nft.helium.io').replace(/\/+$/, '');
  const wallet = ctx.joined.answers.wallet;
  const registered = splitIds(ctx.joined.answers.hotspots ?? '');
  const answer = await ctx.getJson(`${base}/v2/wallet/${encodeURIComponent(wallet)}`, { timeoutMs: 8000 });
  if (answer.status !== 'ok') return { state: 'unreachable', details: [`Helium entity API: ${answer.reason}`] };
  const hotspots = ((answer.value as { hotspots?: EntityHotspot[] }).hotspots ?? []).filter((h) => typeof h === 'object' && h !== null);
  const details: string[] = [];
  let missing = 0;
  for (const id of registered) {
    const found = hotspots.find((h) => h.entity_key_str === id || h.asset_id === id);
    if (!found) {
      missing += 1;
      details.push(`${id.slice(0, 10)}…: not among the wallet's ${hotspots.length} hotspot(s)`);
      continue;
    }
    const networks = Object.entries(found.hotspot_infos ?? {}).filter(([, info]) => info);
    const where = networks.map(([net, info]) => `${net}${info?.location ? ' (location asserted)' : ' (no location)'}`).join(', ');
    details.push(`${found.name ?? id.slice(0, 10)}: ${where || 'no network info'}`);
  }
  details.push('online state is not published by this API; the Helium app shows it');
  return { state: missing > 0 ? 'degraded' : 'running', details };
}
