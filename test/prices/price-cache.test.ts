import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, type HttpPolicy } from '../../src/net/http-client.js';
import { fetchSpotPrices, simplePriceUrl } from '../../src/prices/coingecko.js';
import { getSpotPrices, PRICE_TTL_MS } from '../../src/prices/price-cache.js';
import { openHistory, type HistoryDb } from '../../src/store/history-db.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../helpers/fault-server.js';

const KNOWN: Record<string, number> = { helium: 4.52, storj: 0.31, 'render-token': 7.25, filecoin: 3.9 };
const policy: HttpPolicy = { ...DEFAULT_POLICY, retries: 0, timeoutMs: 5_000 };
const KEY = 'CG-demo-secret-key-123';

let dir: string;
let server: FaultServer;
let history: HistoryDb;
let upperCaseKeys = false;

function answer(request: RecordedRequest) {
  if (request.url.pathname !== '/api/v3/simple/price') return { status: 404, body: { error: 'not found' } };
  if (request.url.searchParams.get('vs_currencies') !== 'usd') return { status: 400, body: { error: 'vs_currencies' } };
  const ids = (request.url.searchParams.get('ids') ?? '').split(',');
  const body: Record<string, { usd: number }> = {};
  for (const id of ids) if (id in KNOWN) body[upperCaseKeys ? id.toUpperCase() : id] = { usd: KNOWN[id] };
  return { body };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'depin-prices-'));
  server = await startFaultServer(answer);
  history = await openHistory(join(dir, 'history.db'));
});
after(async () => {
  history.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.setFaults([]);
  server.requests.clear();
  upperCaseKeys = false;
});

const baseUrl = () => `${server.url}/api/v3`;

describe('coingecko', () => {
  test('one request for every id, keys matched whatever their case, demo key in a header', async () => {
    upperCaseKeys = true;
    const result = await fetchSpotPrices(['storj', 'helium', 'storj', 'no-such-coin'], 'usd', { baseUrl: baseUrl(), apiKey: KEY, policy });
    assert.equal(result.status, 'ok');
    assert.equal(server.requests.count, 1);
    const [request] = server.requests.log;
    assert.equal(request.url.searchParams.get('ids'), 'helium,no-such-coin,storj');
    assert.equal(request.headers['x-cg-demo-api-key'], KEY);
    assert.ok(!request.path.includes(KEY), 'the key never goes into the URL');
    if (result.status === 'ok')
      assert.deepEqual([...result.value].sort(), [
        ['helium', 4.52],
        ['storj', 0.31],
      ]);
  });

  test('no ids, no request', async () => {
    const result = await fetchSpotPrices([], 'usd', { baseUrl: baseUrl(), policy });
    assert.deepEqual(result, { status: 'ok', value: new Map() });
    assert.equal(server.requests.count, 0);
  });

  test('the URL is the documented simple/price form', () => {
    assert.equal(
      simplePriceUrl(['storj', 'helium'], 'https://api.coingecko.com/api/v3/'),
      'https://api.coingecko.com/api/v3/simple/price?ids=helium,storj&vs_currencies=usd',
    );
  });

  test('an error that echoes the key does not repeat it', async () => {
    server.setFaults([{ kind: 'status', status: 401, body: `invalid key ${KEY}` }]);
    const result = await fetchSpotPrices(['helium'], 'usd', { baseUrl: baseUrl(), apiKey: KEY, policy });
    assert.ok(result.status === 'bad-response' && !result.reason.includes(KEY) && result.reason.includes('***'), JSON.stringify(result));
  });

  test('malformed JSON and a non-object body are bad responses', async () => {
    server.setFaults([{ kind: 'malformed' }]);
    assert.equal((await fetchSpotPrices(['helium'], 'usd', { baseUrl: baseUrl(), policy })).status, 'bad-response');
    const arrays = await startFaultServer(() => ({ body: [1, 2, 3] }));
    try {
      assert.equal((await fetchSpotPrices(['helium'], 'usd', { baseUrl: arrays.url, policy })).status, 'bad-response');
    } finally {
      await arrays.close();
    }
  });
});

describe('price cache', () => {
  const t0 = Date.UTC(2025, 2, 1, 12);

  test('fetches once, serves fresh prices from the database, refetches after the TTL', async () => {
    const store = await openHistory(join(dir, 'ttl.db'));
    try {
      const first = await getSpotPrices(store, ['helium', 'storj'], 'usd', { baseUrl: baseUrl(), policy, now: t0, env: {} });
      assert.equal(first.status, 'fetched');
      assert.equal(server.requests.count, 1);
      assert.deepEqual(first.prices.get('helium'), { price: 4.52, fetchedAt: t0, stale: false });
      assert.equal(server.requests.log[0].headers['x-cg-demo-api-key'], undefined, 'no key, no header');

      const cached = await getSpotPrices(store, ['storj', 'helium'], 'usd', { baseUrl: baseUrl(), policy, now: t0 + PRICE_TTL_MS - 1 });
      assert.equal(cached.status, 'cached');
      assert.equal(server.requests.count, 1, 'fresh cache: no request');
      assert.equal(cached.prices.get('storj')?.fetchedAt, t0);

      const later = t0 + PRICE_TTL_MS + 1;
      const refreshed = await getSpotPrices(store, ['helium', 'storj', 'filecoin'], 'usd', {
        baseUrl: baseUrl(),
        policy,
        now: later,
        env: { DEPIN_COINGECKO_KEY: KEY },
      });
      assert.equal(refreshed.status, 'fetched');
      assert.equal(server.requests.count, 2, 'one request for all stale and missing ids');
      assert.equal(server.requests.log[1].url.searchParams.get('ids'), 'filecoin,helium,storj');
      assert.equal(server.requests.log[1].headers['x-cg-demo-api-key'], KEY);
      assert.deepEqual(refreshed.prices.get('filecoin'), { price: 3.9, fetchedAt: later, stale: false });
    } finally {
      store.close();
    }
  });

  test('only the stale ids are asked for', async () => {
    history.upsertPrices([{ id: 'helium', currency: 'usd', price: 4, fetchedAt: t0 }]);
    history.upsertPrices([{ id: 'storj', currency: 'usd', price: 0.3, fetchedAt: t0 - PRICE_TTL_MS * 3 }]);
    const result = await getSpotPrices(history, ['helium', 'storj'], 'usd', { baseUrl: baseUrl(), policy, now: t0 + 1 });
    assert.equal(result.status, 'fetched');
    assert.equal(server.requests.log[0].url.searchParams.get('ids'), 'storj');
    assert.equal(result.prices.get('helium')?.price, 4);
    assert.equal(result.prices.get('storj')?.price, 0.31);
  });

  test('a failed request returns the last known price, marked stale with its time', async () => {
    const store = await openHistory(join(dir, 'fallback.db'));
    try {
      store.upsertPrices([{ id: 'helium', currency: 'usd', price: 4.1, fetchedAt: t0 }]);
      server.setFaults({ rules: [{ fault: { kind: 'status', status: 503 } }] });
      const now = t0 + 3_600_000;
      const result = await getSpotPrices(store, ['helium', 'render-token'], 'usd', { baseUrl: baseUrl(), policy, now });
      assert.equal(result.status, 'failed');
      assert.match(result.reason ?? '', /503/);
      assert.deepEqual(result.prices.get('helium'), { price: 4.1, fetchedAt: t0, stale: true });
      assert.equal(result.prices.has('render-token'), false, 'never priced: absent, not zero');
      assert.deepEqual(result.missing, ['render-token']);
      assert.equal(server.requests.count, 1);
    } finally {
      store.close();
    }
  });

  test('offline reads the database only, even when prices are stale', async () => {
    const store = await openHistory(join(dir, 'offline.db'));
    try {
      store.upsertPrices([{ id: 'storj', currency: 'usd', price: 0.29, fetchedAt: t0 }]);
      const result = await getSpotPrices(store, ['storj', 'helium'], 'usd', { baseUrl: baseUrl(), policy, now: t0 + 86_400_000, offline: true });
      assert.equal(server.requests.count, 0);
      assert.equal(result.status, 'offline');
      assert.deepEqual(result.prices.get('storj'), { price: 0.29, fetchedAt: t0, stale: true });
      assert.deepEqual(result.missing, ['helium']);
      assert.match(result.reason ?? '', /helium/);
    } finally {
      store.close();
    }
  });

  test('an id the service does not know is reported, and the rest are stored', async () => {
    const store = await openHistory(join(dir, 'unknown.db'));
    try {
      const result = await getSpotPrices(store, ['storj', 'not-a-coin'], 'usd', { baseUrl: baseUrl(), policy, now: t0 });
      assert.equal(result.status, 'fetched');
      assert.deepEqual(result.missing, ['not-a-coin']);
      assert.match(result.reason ?? '', /not-a-coin/);
      assert.equal(store.getPrices(['storj'], 'usd').get('storj')?.price, 0.31);
    } finally {
      store.close();
    }
  });
});
