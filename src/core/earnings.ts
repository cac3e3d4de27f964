import { formatUnits, toUsd } from './amount.js';
import { groupSeries, openingPoint, positiveSteps, type SnapshotSeries } from './earnings-series.js';
import type { EarningsInput, EarningsReport, FailureInput, NetworkApiLine, OnChainLine, QuoteInput, UnreadChain, UsdTotals } from './earnings-types.js';
import type { RewardRecord, SnapshotRow } from '../domain/records.js';

export * from './earnings-types.js';
export { parseSince } from './earnings-since.js';

function applies(f: FailureInput, row: Pick<SnapshotRow, 'network' | 'wallet' | 'chain' | 'token'>): boolean {
  return (
    f.chain === row.chain &&
    (f.network === undefined || f.network === row.network) &&
    (f.wallet === undefined || f.wallet === row.wallet) &&
    (f.token === undefined || f.token === row.token)
  );
}

/** The newest failure that happened after the series was last read. */
function failureFor(series: SnapshotSeries, failures: readonly FailureInput[]): FailureInput | undefined {
  let found: FailureInput | undefined;
  for (const f of failures) {
    if (f.at < series.latest.takenAt || !applies(f, series.latest)) continue;
    if (!found || f.at > found.at) found = f;
  }
  return found;
}

function priced(line: OnChainLine, quote: QuoteInput | undefined): OnChainLine {
  if (!quote) return line;
  line.priceUsd = quote.usd;
  line.priceFetchedAt = quote.fetchedAt;
  line.priceStale = quote.stale;
  if (line.balanceRaw !== undefined) line.balanceUsd = toUsd(line.balanceRaw, line.decimals, quote.usd);
  if (line.earnedRaw !== undefined) line.earnedUsd = toUsd(line.earnedRaw, line.decimals, quote.usd);
  return line;
}

function seriesLine(series: SnapshotSeries, input: EarningsInput, failures: readonly FailureInput[]): OnChainLine {
  const { latest, points } = series;
  const opening = openingPoint(points, input.since);
  const earnedRaw = positiveSteps(points, input.since, input.now).reduce((sum, s) => sum + s.raw, 0n);
  const failure = failureFor(series, failures);
  const line: OnChainLine = {
    source: 'on-chain',
    network: latest.network,
    chain: latest.chain,
    wallet: latest.wallet,
    symbol: latest.symbol,
    token: latest.token,
    decimals: latest.decimals,
    status: failure?.status ?? 'ok',
    balanceRaw: latest.raw,
    balance: formatUnits(latest.raw, latest.decimals),
    asOf: latest.takenAt,
    ageMs: Math.max(0, input.now - latest.takenAt),
    earnedRaw,
    earned: formatUnits(earnedRaw, latest.decimals),
    fullPeriod: opening !== undefined,
  };
  if (latest.coingeckoId) line.coingeckoId = latest.coingeckoId;
  if (failure) line.reason = failure.reason;
  if (!opening) line.coverageFrom = points.find((p) => p.takenAt > input.since)?.takenAt;
  return priced(line, latest.coingeckoId ? input.prices?.get(latest.coingeckoId) : undefined);
}

/** A failed read of a balance with no history at all: shown as unknown, never as zero. */
function neverReadLine(f: FailureInput & { network: string; wallet: string; token: string; symbol: string; decimals: number }): OnChainLine {
  return {
    source: 'on-chain',
    network: f.network,
    chain: f.chain,
    wallet: f.wallet,
    symbol: f.symbol,
    token: f.token,
    decimals: f.decimals,
    status: f.status,
    reason: f.reason,
    fullPeriod: false,
  };
}

function priceIdOf(record: RewardRecord, input: EarningsInput, fromSnapshots: Map<string, string>): string | undefined {
  const keys = [`${record.chain ?? ''}:${record.symbol}`, record.symbol];
  for (const key of keys) {
    const id = input.priceIds?.get(key) ?? fromSnapshots.get(key);
    if (id) return id;
  }
  return undefined;
}

/** The newest reading of each figure (source, symbol, unit, kind, wallet, period) of each network. */
function apiLines(input: EarningsInput): NetworkApiLine[] {
  const newest = new Map<string, RewardRecord>();
  for (const r of input.rewards ?? []) {
    if (r.at > input.now) continue;
    const key = [r.network, r.sourceId, r.symbol, r.unit, r.kind, r.wallet ?? '', r.period ?? ''].join('\u0000');
    const seen = newest.get(key);
    if (!seen || r.at >= seen.at) newest.set(key, r);
  }
  const fromSnapshots = new Map<string, string>();
  for (const s of input.snapshots) {
    if (!s.coingeckoId) continue;
    fromSnapshots.set(`${s.chain}:${s.symbol}`, s.coingeckoId);
    fromSnapshots.set(s.symbol, s.coingeckoId);
  }
  return [...newest.values()].map((r) => {
    const line: NetworkApiLine = {
      source: 'network-api',
      network: r.network,
      sourceId: r.sourceId,
      description: r.source,
      symbol: r.symbol,
      amount: r.amount,
      unit: r.unit,
      kind: r.kind,
      at: r.at,
      ageMs: Math.max(0, input.now - r.at),
    };
    if (r.chain) line.chain = r.chain;
    if (r.wallet) line.wallet = r.wallet;
    if (r.period) line.period = r.period;
    const value = Number(r.amount);
    if (r.unit === 'usd' && Number.isFinite(value)) line.usd = value;
    if (r.unit === 'token' && Number.isFinite(value)) {
      const id = priceIdOf(r, input, fromSnapshots);
      const quote = id ? input.prices?.get(id) : undefined;
      if (quote) line.usd = value * quote.usd;
    }
    return line;
  });
}

const emptyTotals = (): UsdTotals => ({ earnedUsd: 0, balanceUsd: 0, networkApiUsd: 0, unpriced: 0, includesLastKnown: false });

function addTo(totals: UsdTotals, line: OnChainLine | NetworkApiLine): void {
  if (line.source === 'network-api') {
    totals.networkApiUsd += line.usd ?? 0;
    return;
  }
  if (line.status !== 'ok' && line.balanceRaw !== undefined) totals.includesLastKnown = true;
  const hasAmount = (line.balanceRaw ?? 0n) > 0n || (line.earnedRaw ?? 0n) > 0n;
  if (line.priceUsd === undefined) {
    if (hasAmount) totals.unpriced++;
    return;
  }
  totals.earnedUsd += line.earnedUsd ?? 0;
  totals.balanceUsd += line.balanceUsd ?? 0;
}

const byLine = (a: OnChainLine | NetworkApiLine, b: OnChainLine | NetworkApiLine) =>
  a.network.localeCompare(b.network) ||
  (a.chain ?? '').localeCompare(b.chain ?? '') ||
  (a.wallet ?? '').localeCompare(b.wallet ?? '') ||
  a.symbol.localeCompare(b.symbol);

/**
 * Earnings over [since, now] from balance snapshots and network API readings. Pure: everything it
 * needs is passed in. Earned is the sum of balance increases between consecutive snapshots (from the
 * opening balance on), exact in base units. API figures are separate lines and never added to
 * on-chain amounts. A balance that could not be read this run keeps its last known value and age.
 */
export function computeEarnings(input: EarningsInput): EarningsReport {
  const failures = input.failures ?? [];
  const series = groupSeries(input.snapshots, input.now);
  const onChain = series.map((s) => seriesLine(s, input, failures));

  // Newest failure wins where several runs failed the same way (offline mode passes stored ones).
  const neverRead = new Map<string, OnChainLine>();
  const unreadByKey = new Map<string, UnreadChain>();
  for (const f of [...failures].sort((a, b) => a.at - b.at)) {
    if (f.at > input.now || series.some((s) => applies(f, s.latest))) continue;
    if (f.network && f.wallet && f.token && f.symbol && f.decimals !== undefined) {
      const key = [f.network, f.wallet, f.chain, f.token].join('\u0000');
      neverRead.set(key, neverReadLine({ ...f, network: f.network, wallet: f.wallet, token: f.token, symbol: f.symbol, decimals: f.decimals }));
    } else {
      const u: UnreadChain = { chain: f.chain, status: f.status, reason: f.reason, at: f.at };
      if (f.network) u.network = f.network;
      if (f.wallet) u.wallet = f.wallet;
      unreadByKey.set([f.chain, f.network ?? '', f.wallet ?? ''].join('\u0000'), u);
    }
  }
  onChain.push(...neverRead.values());
  // Every failed line is unread too, so `unread` alone lists all that this run could not read.
  for (const line of onChain) {
    if (line.status === 'ok') continue;
    const u: UnreadChain = {
      chain: line.chain,
      status: line.status,
      reason: line.reason ?? '',
      at: lineFailureAt(line, failures) ?? input.now,
      network: line.network,
      wallet: line.wallet,
      token: line.token,
      symbol: line.symbol,
    };
    unreadByKey.set([line.chain, line.network, line.wallet, line.token].join('\u0000'), u);
  }
  const unread = [...unreadByKey.values()];
  onChain.sort(byLine);
  const networkApi = apiLines(input).sort(byLine);

  const overall = emptyTotals();
  const networks: Record<string, UsdTotals> = {};
  for (const line of [...onChain, ...networkApi]) {
    networks[line.network] ??= emptyTotals();
    addTo(networks[line.network], line);
    addTo(overall, line);
  }
  const unreadChains = [...new Set(unread.map((u) => u.chain))].sort();
  const known = onChain.some((l) => l.balanceRaw !== undefined) || networkApi.length > 0;
  return {
    since: input.since,
    now: input.now,
    onChain,
    networkApi,
    unread,
    totals: { networks, overall, complete: unreadChains.length === 0, unread: unreadChains, known },
  };
}

/** When the newest failure that applies to a failed line happened. */
function lineFailureAt(line: OnChainLine, failures: readonly FailureInput[]): number | undefined {
  let at: number | undefined;
  for (const f of failures) {
    if ((line.asOf !== undefined && f.at < line.asOf) || !applies(f, line)) continue;
    if (at === undefined || f.at > at) at = f.at;
  }
  return at;
}
