import { formatUnits, toValue } from './amount.js';
import { groupSeries, openingPoint, positiveSteps, type SnapshotSeries } from './earnings-series.js';
import type { EarningsInput, EarningsReport, FailureInput, NetworkApiLine, OnChainLine, QuoteInput, UnreadChain, ValueTotals } from './earnings-types.js';
import { utcDay } from './utc-day.js';
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
  line.price = quote.price;
  line.priceFetchedAt = quote.fetchedAt;
  line.priceStale = quote.stale;
  if (line.balanceRaw !== undefined) line.balanceValue = toValue(line.balanceRaw, line.decimals, quote.price);
  if (line.earnedRaw !== undefined) line.earnedValue = toValue(line.earnedRaw, line.decimals, quote.price);
  return line;
}

/**
 * Each day's earnings at that day's price. Today's day is not over and has no daily price yet, so
 * it is valued at the spot price; a day without any price is listed, never counted as zero.
 */
function pricedWhenEarned(line: OnChainLine, steps: { at: number; raw: bigint }[], input: EarningsInput): void {
  if (!input.dayPrices || steps.length === 0) return;
  const perDay = new Map<string, bigint>();
  for (const s of steps) {
    const day = utcDay(s.at);
    perDay.set(day, (perDay.get(day) ?? 0n) + s.raw);
  }
  const today = utcDay(input.now);
  let sum: number | undefined;
  const missing: string[] = [];
  // YYYY-MM-DD strings sort by plain comparison; localeCompare would cost more for the same order.
  for (const [day, raw] of [...perDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const quote = line.coingeckoId ? input.dayPrices.get(line.coingeckoId, day) : undefined;
    const price = day === today && line.price !== undefined ? line.price : quote?.kind === 'price' ? quote.price : undefined;
    if (price === undefined) missing.push(day);
    else sum = (sum ?? 0) + toValue(raw, line.decimals, price);
  }
  if (sum !== undefined) line.earnedValueWhenEarned = sum;
  if (missing.length > 0) line.noPriceDays = missing;
}

function seriesLine(series: SnapshotSeries, input: EarningsInput, failures: readonly FailureInput[]): OnChainLine {
  const { latest, points } = series;
  const opening = openingPoint(points, input.since);
  const steps = positiveSteps(points, input.since, input.now);
  const earnedRaw = steps.reduce((sum, s) => sum + s.raw, 0n);
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
  priced(line, latest.coingeckoId ? input.prices?.get(latest.coingeckoId) : undefined);
  pricedWhenEarned(line, steps, input);
  return line;
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
function apiLines(input: EarningsInput & { currency: string }): NetworkApiLine[] {
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
    const amount = Number(r.amount);
    if (!Number.isFinite(amount)) {
      line.unvalued = `"${r.amount}" is not a number`;
    } else if (r.unit === 'usd') {
      // A USD figure is only worth its face value in USD; any other currency needs a real rate.
      if (input.currency === 'usd') line.value = amount;
      else if (input.usdRate) {
        line.value = amount * input.usdRate.rate;
        line.conversion = { from: 'usd', rate: input.usdRate.rate, at: input.usdRate.at };
      } else line.unvalued = `reported in USD and no USD→${input.currency.toUpperCase()} rate is known`;
    } else {
      const id = priceIdOf(r, input, fromSnapshots);
      const quote = id ? input.prices?.get(id) : undefined;
      if (quote) line.value = amount * quote.price;
      else line.unvalued = `no ${input.currency.toUpperCase()} price for ${r.symbol}`;
    }
    return line;
  });
}

const emptyTotals = (): ValueTotals => ({
  earnedValue: 0,
  balanceValue: 0,
  earnedValueWhenEarned: 0,
  noPriceDays: 0,
  networkApiValue: 0,
  unpriced: 0,
  includesLastKnown: false,
});

function addTo(totals: ValueTotals, line: OnChainLine | NetworkApiLine): void {
  if (line.source === 'network-api') {
    totals.networkApiValue += line.value ?? 0;
    return;
  }
  totals.earnedValueWhenEarned += line.earnedValueWhenEarned ?? 0;
  totals.noPriceDays += line.noPriceDays?.length ?? 0;
  if (line.status !== 'ok' && line.balanceRaw !== undefined) totals.includesLastKnown = true;
  const hasAmount = (line.balanceRaw ?? 0n) > 0n || (line.earnedRaw ?? 0n) > 0n;
  if (line.price === undefined) {
    if (hasAmount) totals.unpriced++;
    return;
  }
  totals.earnedValue += line.earnedValue ?? 0;
  totals.balanceValue += line.balanceValue ?? 0;
}

// Ids, chains, addresses and symbols are ASCII: plain code-unit order is stable and needs no
// collation tables (localeCompare's first call loads them, about 10 ms of a short command).
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byLine = (a: OnChainLine | NetworkApiLine, b: OnChainLine | NetworkApiLine) =>
  cmp(a.network, b.network) || cmp(a.chain ?? '', b.chain ?? '') || cmp(a.wallet ?? '', b.wallet ?? '') || cmp(a.symbol, b.symbol);

/**
 * Earnings over [since, now] from balance snapshots and network API readings. Pure: everything it
 * needs is passed in. Earned is the sum of balance increases between consecutive snapshots (from the
 * opening balance on), exact in base units. API figures are separate lines and never added to
 * on-chain amounts. A balance that could not be read this run keeps its last known value and age.
 */
export function computeEarnings(given: EarningsInput): EarningsReport {
  const input = { ...given, currency: given.currency ?? 'usd' };
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
  const networks: Record<string, ValueTotals> = {};
  for (const line of [...onChain, ...networkApi]) {
    networks[line.network] ??= emptyTotals();
    addTo(networks[line.network], line);
    addTo(overall, line);
  }
  const unreadChains = [...new Set(unread.map((u) => u.chain))].sort();
  const known = onChain.some((l) => l.balanceRaw !== undefined) || networkApi.length > 0;
  return {
    currency: input.currency,
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
