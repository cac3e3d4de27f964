import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { httpJson, httpRequest, type HttpPolicy } from '../../src/net/http-client.js';
import { redactText, redactUrl, splitCredentials, urlSecrets } from '../../src/net/redact.js';
import { fetchSpotPrices } from '../../src/prices/coingecko.js';
import { displayValue } from '../../src/store/config-keys.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

const fast: HttpPolicy = { timeoutMs: 2_000, retries: 3, baseDelayMs: 5, maxDelayMs: 2_000, concurrency: 4 };

describe('redaction of endpoint URLs', () => {
  test('masks user:password, key-like path segments and query values, keeps the route readable', () => {
    assert.equal(redactUrl('http://alice:s3cret@rpc.example.org:8545/'), 'http://***@rpc.example.org:8545/');
    assert.equal(redactUrl('https://x.solana-mainnet.quiknode.pro/0123456789abcdef0123456789abcdef/'), 'https://x.solana-mainnet.quiknode.pro/***/');
    assert.equal(redactUrl('https://eth-mainnet.g.alchemy.com/v2/AbCdEf123456GhIjKl7890'), 'https://eth-mainnet.g.alchemy.com/v2/***');
    assert.equal(redactUrl('https://mainnet.helius-rpc.com/?api-key=9f8e7d6c-1111-2222-3333-444455556666'), 'https://mainnet.helius-rpc.com/?api-key=***');
    assert.equal(redactUrl('https://api.node.glif.io/rpc/v1'), 'https://api.node.glif.io/rpc/v1');
    assert.equal(redactUrl('http://127.0.0.1:14002/api/sno/estimated-payout'), 'http://127.0.0.1:14002/api/sno/estimated-payout');
  });

  test('scrubs secrets out of free text, including echoed ones and URLs inside sentences', () => {
    const endpoint = 'https://bob:hunter2pass@rpc.example.org/key/0123456789abcdef0123456789abcdef?token=tok_live_777';
    const text = `HTTP 401: bad credentials hunter2pass for 0123456789abcdef0123456789abcdef (see ${endpoint}).`;
    const out = redactText(text, [endpoint]);
    for (const secret of ['hunter2pass', '0123456789abcdef0123456789abcdef', 'tok_live_777', 'bob:']) assert.ok(!out.includes(secret), out);
    assert.match(out, /https:\/\/\*\*\*@rpc\.example\.org\/key\/\*\*\*\?token=\*\*\*\)\.$/);
    assert.deepEqual(urlSecrets('https://api.node.glif.io/rpc/v1'), []);
  });

  test('config values that are endpoint URLs are shown masked; other values as they are', () => {
    assert.equal(displayValue('rpc.solana', 'https://u:p4ss@rpc.example.org/0123456789abcdef0123456789abcdef'), 'https://***@rpc.example.org/***');
    assert.equal(
      displayValue('prices.url', 'https://pro-api.coingecko.com/api/v3?x_cg_pro_api_key=CG-abc123'),
      'https://pro-api.coingecko.com/api/v3?x_cg_pro_api_key=***',
    );
    assert.equal(displayValue('http.retries', 3), '3');
    assert.equal(displayValue('solana.scan', 'scan'), 'scan');
  });

  test('splitCredentials turns user:password into HTTP Basic auth, percent-decoded', () => {
    const { url, authorization } = splitCredentials('http://us%40er:p%3Ass@127.0.0.1:9/rpc');
    assert.equal(url, 'http://127.0.0.1:9/rpc');
    assert.equal(Buffer.from(authorization!.replace(/^Basic /, ''), 'base64').toString(), 'us@er:p:ss');
    assert.deepEqual(splitCredentials('http://127.0.0.1:9/rpc'), { url: 'http://127.0.0.1:9/rpc' });
  });
});

describe('credentials, redirects and size caps against loopback servers', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  const start = async (...args: Parameters<typeof startFaultServer>) => {
    const server = await startFaultServer(...args);
    servers.push(server);
    return server;
  };

  test('user:password in an endpoint URL is sent as Basic auth and never appears in a failure', async () => {
    const server = await start((req) =>
      req.headers.authorization === `Basic ${Buffer.from('alice:s3cr3t-pw').toString('base64')}`
        ? { body: { ok: true } }
        : { status: 401, body: `denied ${req.headers.authorization}` },
    );
    const withAuth = server.url.replace('http://', 'http://alice:s3cr3t-pw@');
    const good = await httpJson(`${withAuth}/rpc`, {}, fast);
    assert.deepEqual(good, { ok: true, value: { ok: true } });
    const wrong = server.url.replace('http://', 'http://alice:wrong-pw-123@');
    const bad = await httpRequest(`${wrong}/rpc`, {}, fast);
    assert.ok(!bad.ok);
    assert.match(bad.reason, /HTTP 401/);
    assert.ok(!bad.reason.includes('wrong-pw-123'), bad.reason);
    const echoed = Buffer.from('alice:wrong-pw-123').toString('base64');
    assert.ok(!bad.reason.includes(echoed), `the echoed Basic header leaked: ${bad.reason}`);
  });

  test('a cross-origin redirect drops the API key header and Authorization; a same-origin one keeps them', async () => {
    const target = await start(() => ({ body: { 'render-token': { usd: 4 } } }));
    const origin = await start((req) =>
      req.url.pathname === '/simple/price' ? { status: 302, headers: { location: `${target.url}/simple/price${req.url.search}` } } : { status: 404 },
    );
    const prices = await fetchSpotPrices(['render-token'], 'usd', {
      baseUrl: origin.url.replace('http://', 'http://u1:pw-secret@'),
      apiKey: 'CG-demo-key-123',
      policy: fast,
    });
    assert.equal(prices.status, 'ok');
    assert.equal(prices.status === 'ok' && prices.value.get('render-token'), 4);
    assert.equal(origin.requests.log[0].headers['x-cg-demo-api-key'], 'CG-demo-key-123');
    assert.ok(origin.requests.log[0].headers.authorization);
    const forwarded = target.requests.log[0].headers;
    assert.equal(forwarded['x-cg-demo-api-key'], undefined, 'the API key followed the redirect to another origin');
    assert.equal(forwarded.authorization, undefined);

    const same = await start((req) =>
      req.url.pathname === '/old' ? { status: 307, headers: { location: '/new' } } : { body: { key: req.headers['x-cg-demo-api-key'] ?? null } },
    );
    const kept = await httpJson(`${same.url}/old`, { headers: { 'x-cg-demo-api-key': 'k-same-origin' } }, fast);
    assert.deepEqual(kept, { ok: true, value: { key: 'k-same-origin' } });
  });

  test('a redirect loop ends as a bad response', async () => {
    const server = await start(() => ({ status: 302, headers: { location: '/again' } }));
    const outcome = await httpRequest(`${server.url}/x`, {}, fast);
    assert.ok(!outcome.ok && outcome.kind === 'bad-response' && /redirects/.test(outcome.reason));
  });

  test('an endless body is abandoned at the cap, quickly, and not retried', async () => {
    const server = await start(() => ({ body: 'never used' }), { rules: [{ fault: { kind: 'endless' } }] });
    const started = performance.now();
    const outcome = await httpRequest(`${server.url}/x`, {}, { ...fast, maxResponseBytes: 1_048_576 });
    const elapsed = performance.now() - started;
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'bad-response');
    assert.match(outcome.reason, /larger than the cap of 1 MiB/);
    assert.match(outcome.reason, /http\.maxResponseBytes/);
    assert.equal(server.requests.count, 1);
    assert.ok(elapsed < 5_000, `took ${Math.round(elapsed)} ms`);
  });

  test('a declared Content-Length over the cap is refused before reading; a body at the cap is accepted', async () => {
    const body = 'x'.repeat(2_000);
    const server = await start(() => ({ body, headers: { 'content-length': '2000' } }));
    const over = await httpRequest(`${server.url}/x`, {}, { ...fast, maxResponseBytes: 1_999 });
    assert.ok(!over.ok && /declares 2000 bytes/.test(over.reason), JSON.stringify(over));
    const at = await httpRequest(`${server.url}/x`, {}, { ...fast, maxResponseBytes: 2_000 });
    assert.equal(at.ok && at.text.length, 2_000);
    assert.equal(server.requests.count, 2);
  });

  test('the caller signal cuts a Retry-After wait short', async () => {
    const server = await start(() => ({ body: 'fine' }), { rules: [{ fault: { kind: 'status', status: 429, retryAfter: '1.5' } }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const outcome = await httpRequest(`${server.url}/x`, { signal: controller.signal }, fast);
    assert.ok(!outcome.ok);
    assert.ok(performance.now() - started < 1_000, 'waited out the Retry-After despite the cancel');
    assert.equal(server.requests.count, 1);
  });
});
