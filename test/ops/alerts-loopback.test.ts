// Alerts delivered to loopback servers: a generic JSON webhook and an ntfy-compatible topic.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertFor } from '../../src/core/alert-policy.js';
import type { OpsEvent } from '../../src/core/watchdog-event.js';
import { AlertDispatcher, deliver, type AlertSettings } from '../../src/services/alerts.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function server(respond: (n: number, r: Received) => [number, string]): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      got.push(r);
      const [status, text] = respond(got.length, r);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => s.close(() => resolve())));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, got, server: s };
}

const TOKEN = 'tok-7f3a9c21-do-not-leak';
const down = alertFor('down', Date.parse('2025-06-01T10:00:00Z'), 'box1', {
  network: 'storj',
  name: 'Storj',
  state: 'stopped',
  detail: 'container storagenode is exited',
  restarts: 3,
  reason: 'max-restarts',
});
const settings = (over: Partial<AlertSettings>): AlertSettings => ({ channels: [], maxPerHour: 20, retries: 3, retryBaseMs: 50, timeoutMs: 2000, ...over });

test('a webhook failing twice then succeeding gets exactly one alert, with the token only in its header', async () => {
  const hook = await server((n) => (n <= 2 ? [503, 'try later'] : [200, 'ok']));
  const events: OpsEvent[] = [];
  const dispatcher = new AlertDispatcher(settings({ channels: [{ name: 'webhook', url: `${hook.url}/hook`, token: TOKEN }] }), (e) => events.push(...e));
  dispatcher.send(down);
  await dispatcher.flush(10_000);
  assert.equal(hook.got.length, 3, 'two failures and one success');
  const delivered = hook.got[2];
  assert.equal(delivered.headers.authorization, `Bearer ${TOKEN}`);
  const payload = JSON.parse(delivered.body);
  assert.equal(payload.kind, 'down');
  assert.equal(payload.network, 'storj');
  assert.equal(payload.state, 'stopped');
  assert.match(payload.message, /Storj \(storj\) on box1 is stopped/);
  for (const r of hook.got) assert.ok(!r.body.includes(TOKEN), 'the token is never in a body');
  assert.deepEqual(
    events.map((e) => e.kind),
    ['alert-sent'],
  );
  assert.ok(!JSON.stringify(events).includes(TOKEN));
});

test('ntfy gets the message as the body and title, priority and tags as headers', async () => {
  const ntfy = await server(() => [200, '{"id":"x"}']);
  const result = await deliver({ name: 'ntfy', url: `${ntfy.url}/depin-alerts`, token: TOKEN }, down, settings({}));
  assert.deepEqual(result, { channel: 'ntfy', ok: true });
  assert.equal(ntfy.got.length, 1);
  const r = ntfy.got[0];
  assert.equal(r.path, '/depin-alerts');
  assert.equal(r.headers.title, 'Storj is stopped on box1');
  assert.equal(r.headers.priority, 'high');
  assert.equal(r.headers.tags, 'warning');
  assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(r.body, /restarted it 3 times and gave up/);
  assert.ok(!r.body.includes(TOKEN));
});

test('a refused delivery is logged as failed with secrets redacted, even when the server echoes them', async () => {
  const hook = await server((_n, r) => [401, `bad credentials: ${r.headers.authorization}`]);
  const events: OpsEvent[] = [];
  const url = `${hook.url.replace('http://', 'http://alice:pw-secret-123@')}/hook?key=query-secret-456`;
  const dispatcher = new AlertDispatcher(settings({ channels: [{ name: 'webhook', url, token: TOKEN }] }), (e) => events.push(...e));
  dispatcher.send(down);
  await dispatcher.flush(5000);
  assert.equal(hook.got.length, 1, 'a 4xx is not retried');
  assert.equal(events.length, 1);
  assert.equal(events[0].kind, 'alert-failed');
  assert.match(events[0].detail, /HTTP 401/);
  const text = JSON.stringify(events);
  for (const secret of [TOKEN, 'pw-secret-123', 'query-secret-456']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
});

test('an unreachable channel is retried, then logged as failed; the rate limit drops the excess', async () => {
  const closed = await server(() => [200, '']);
  const deadUrl = closed.url;
  await new Promise<void>((resolve) => closed.server.close(() => resolve()));
  const events: OpsEvent[] = [];
  const dispatcher = new AlertDispatcher(settings({ channels: [{ name: 'webhook', url: deadUrl }], maxPerHour: 1, retries: 1 }), (e) => events.push(...e));
  dispatcher.send(down);
  dispatcher.send({ ...down, at: down.at + 1000 });
  await dispatcher.flush(5000);
  assert.deepEqual(events.map((e) => e.kind).sort(), ['alert-dropped', 'alert-failed']);
  assert.match(events.find((e) => e.kind === 'alert-failed')!.detail, /after 2 attempts/);
});
