import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { httpJson, httpRequest, policyFetch, retryAfterMs, type HttpPolicy } from '../../src/net/http-client.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';

/** Slack for timer granularity when comparing a measured gap with a requested wait. */
const TIMER_SLACK_MS = 5;
const fast: HttpPolicy = { timeoutMs: 2_000, retries: 3, baseDelayMs: 5, maxDelayMs: 2_000, concurrency: 4 };

describe('retryAfterMs', () => {
  test('reads delay-seconds, including fractions', () => {
    assert.equal(retryAfterMs('5'), 5_000);
    assert.equal(retryAfterMs(' 2 '), 2_000);
    assert.equal(retryAfterMs('0.25'), 250);
    assert.equal(retryAfterMs('0'), 0);
  });

  test('reads an HTTP date relative to now, and a past date as no wait', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000);
    assert.equal(retryAfterMs(new Date(now + 90_000).toUTCString(), now), 90_000);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
  });

  test('ignores absent and unreadable values', () => {
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs(''), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
  });
});

describe('httpRequest against a faulty loopback server', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  const start = async (...args: Parameters<typeof startFaultServer>) => {
    const server = await startFaultServer(...args);
    servers.push(server);
    return server;
  };

  test('keeps requests in flight at one endpoint under the concurrency cap', async () => {
    const server = await start(() => ({ body: 'ok' }), {}, { latencyMs: 30 });
    const policy = { ...fast, concurrency: 3 };
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => httpRequest(`${server.url}/item/${i}`, {}, policy)));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(server.requests.count, 12);
    assert.equal(server.requests.maxInFlight, 3);
  });

  test('honours Retry-After on 429 and then succeeds', async () => {
    const server = await start(() => ({ body: 'fine' }), [{ kind: 'status', status: 429, retryAfter: '1' }]);
    const outcome = await httpRequest(`${server.url}/x`, {}, fast);
    assert.deepEqual(outcome.ok && outcome.text, 'fine');
    const [first, second] = server.requests.log;
    assert.equal(server.requests.count, 2);
    assert.ok(second.at - first.at >= 1_000 - TIMER_SLACK_MS, `retried after ${second.at - first.at} ms`);
  });

  test('stops retrying when Retry-After exceeds maxDelayMs, and says why', async () => {
    const server = await start(() => ({ body: 'fine' }), { rules: [{ fault: { kind: 'status', status: 429, retryAfter: '120' } }] });
    const outcome = await httpRequest(`${server.url}/x`, {}, fast);
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.kind === 'unreachable');
    assert.match(!outcome.ok ? outcome.reason : '', /rate limited \(HTTP 429\); server asked to retry after 120 s/);
    assert.equal(server.requests.count, 1);
  });

  test('retries 5xx with backoff and returns the later success', async () => {
    const server = await start(
      () => ({ body: 'recovered' }),
      [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
      ],
    );
    const outcome = await httpRequest(`${server.url}/x`, {}, fast);
    assert.equal(outcome.ok && outcome.text, 'recovered');
    assert.equal(server.requests.count, 4);
  });

  test('gives up after the last retry with the attempt count in the reason', async () => {
    const server = await start(() => ({ body: 'never' }), { rules: [{ fault: { kind: 'status', status: 503 } }] });
    const outcome = await httpRequest(`${server.url}/x`, {}, { ...fast, retries: 2 });
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'unreachable');
    assert.equal(outcome.status, 503);
    assert.match(outcome.reason, /server error \(HTTP 503\) \(after 3 attempts\)/);
    assert.equal(server.requests.count, 3);
  });

  test('does not retry 4xx other than 429', async () => {
    const server = await start([{ path: '/gone', handle: () => ({ status: 404, body: 'no such wallet' }) }]);
    const outcome = await httpRequest(`${server.url}/gone`, {}, fast);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'bad-response');
    assert.equal(outcome.status, 404);
    assert.match(outcome.reason, /HTTP 404: no such wallet/);
    assert.equal(server.requests.count, 1);
  });

  test('times out a request that never gets an answer', async () => {
    const server = await start(() => ({ body: 'late' }), { rules: [{ fault: { kind: 'hang' } }] });
    const outcome = await httpRequest(`${server.url}/x`, {}, { ...fast, timeoutMs: 150, retries: 1 });
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'unreachable');
    assert.match(outcome.reason, /timed out after 150 ms/);
    assert.equal(server.requests.count, 2);
  });

  test('treats a reset connection as unreachable and retries it', async () => {
    const server = await start(() => ({ body: 'after reset' }), [{ kind: 'reset' }]);
    const outcome = await httpRequest(`${server.url}/x`, {}, fast);
    assert.equal(outcome.ok && outcome.text, 'after reset');
    assert.equal(server.requests.log[0].fault, 'reset');
    assert.equal(server.requests.count, 2);
  });

  test('httpJson turns truncated and malformed JSON into bad responses without retrying', async () => {
    const server = await start(() => ({ body: { result: '1500000000000000000', id: 1 } }), [{ kind: 'truncate' }, { kind: 'malformed' }]);
    const truncated = await httpJson(`${server.url}/x`, {}, fast);
    const malformed = await httpJson(`${server.url}/x`, {}, fast);
    const whole = await httpJson(`${server.url}/x`, {}, fast);
    assert.ok(!truncated.ok && truncated.kind === 'bad-response' && /malformed JSON/.test(truncated.reason));
    assert.ok(!malformed.ok && malformed.kind === 'bad-response');
    assert.deepEqual(whole, { ok: true, value: { result: '1500000000000000000', id: 1 } });
    assert.equal(server.requests.count, 3);
  });

  test('policyFetch hands the final failure back as a synthetic response', async () => {
    const server = await start(() => ({ body: 'x' }), { rules: [{ fault: { kind: 'status', status: 502 } }] });
    const response = await policyFetch({ ...fast, retries: 1 })(`${server.url}/rpc`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 502);
    assert.match((await response.json()).error, /HTTP 502/);
    assert.equal(server.requests.count, 2);
    assert.equal(server.requests.log[0].method, 'POST');
    assert.equal(server.requests.log[0].body, '{}');
  });
});
