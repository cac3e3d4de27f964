import type { BalanceRequest, BalanceResult } from './types.js';

/** A per-address read of either Akash transport: a value, or why it failed. */
export type CosmosRead = { ok: true; value: Map<string, bigint> } | { ok: false; kind: 'unreachable' | 'bad-response'; reason: string };

/** The bank denom a token is held in ('uakt' for the native coin). */
export function denomOf(request: BalanceRequest): string | undefined {
  return request.token.mint ?? (request.token.native ? 'uakt' : undefined);
}

/**
 * One request's result from its address's bank balances and distribution rewards; both transports
 * (LCD and CometBFT RPC) answer the same way.
 */
export function cosmosResult(request: BalanceRequest, reads: { bank: CosmosRead; rewards: CosmosRead }): BalanceResult {
  const denom = denomOf(request);
  if (!denom) return { request, status: 'bad-response', reason: `token ${request.token.symbol} names no bank denom` };
  const { bank, rewards } = reads;
  // Both parts make one earnings figure; a balance shown without its rewards would understate it.
  if (!bank.ok) return { request, status: bank.kind, reason: bank.reason };
  if (!rewards.ok) return { request, status: rewards.kind, reason: `rewards: ${rewards.reason}` };
  // Both APIs list every non-zero balance, so a denom they leave out is an honest zero.
  return {
    request,
    status: 'ok',
    raw: bank.value.get(denom) ?? 0n,
    decimals: request.token.decimals,
    extra: { pendingRewards: rewards.value.get(denom) ?? 0n },
  };
}
