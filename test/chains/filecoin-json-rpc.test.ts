import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonRpcBatch, readPolicy } from '../../src/chains/json-rpc.js';
import { DEFAULT_POLICY, type HttpPolicy } from '../../src/net/http-client.js';
import { startFaultServer, type FaultServer, type Handler } from '../helpers/fault-server.js';

const policy: HttpPolicy = { ...DEFAULT_POLICY, retries: 0, timeoutMs: 2_000 };
const calls = [
  { method: 'a', params: [1] },
  { method: 'b', params: [2] },
  { method: 'c', params: [3] },
];

describe('jsonRpcBatch', () => {
  const servers: FaultServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  async function serve(handler: Handler) {
    const server = await startFaultServer(handler);
    servers.push(server);
    return server;
  }

  test('sends one POST with a JSON array and matches answers by id', async () => {
    const server = await serve((request) => {
      const batch = JSON.parse(request.body) as { id: number; params: number[] }[];
      return { body: batch.map((c) => ({ jsonrpc: '2.0', id: c.id, result: c.params[0] * 10 })).reverse() };
    });
    const results = await jsonRpcBatch(`${server.url}/rpc`, calls, policy);
    assert.deepEqual(results, [
      { status: 'ok', value: 10 },
      { status: 'ok', value: 20 },
      { status: 'ok', value: 30 },
    ]);
    assert.equal(server.requests.count, 1);
    assert.equal(server.requests.log[0].method, 'POST');
    assert.equal(server.requests.log[0].headers['content-type'], 'application/json');
    assert.deepEqual(
      JSON.parse(server.requests.log[0].body).map((c: { method: string }) => c.method),
      ['a', 'b', 'c'],
    );
  });

  test('an error object or a missing answer fails only its own call', async () => {
    const server = await serve(() => ({
      body: [
        { jsonrpc: '2.0', id: 3, result: 'three' },
        { jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'boom' } },
        { jsonrpc: '2.0', id: 99, result: 'stray' },
      ],
    }));
    const [a, b, c] = await jsonRpcBatch(`${server.url}/rpc`, calls, policy);
    assert.deepEqual(a, { status: 'bad-response', reason: 'a failed: boom (code -32000)', rpcError: { code: -32000, message: 'boom' } });
    assert.equal(b.status, 'bad-response');
    assert.match('reason' in b ? b.reason : '', /sent no answer to b/);
    assert.deepEqual(c, { status: 'ok', value: 'three' });
  });

  test('a server without batch support fails every call with its message', async () => {
    const server = await serve(() => ({ body: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch requests are not supported' } } }));
    const results = await jsonRpcBatch(`${server.url}/rpc`, calls, policy);
    assert.ok(results.every((r) => r.status === 'bad-response' && /rejected the batch: batch requests are not supported/.test(r.reason)));
  });

  test('an HTTP 4xx fails every call as a bad response; a dead endpoint as unreachable', async () => {
    const server = await serve(() => ({ status: 401, body: 'unauthorized' }));
    const refused = await jsonRpcBatch(`${server.url}/rpc`, calls, policy);
    assert.deepEqual(
      refused.map((r) => r.status),
      ['bad-response', 'bad-response', 'bad-response'],
    );

    const closed = await startFaultServer(() => ({ body: [] }));
    const deadUrl = `${closed.url}/rpc`;
    await closed.close();
    const dead = await jsonRpcBatch(deadUrl, calls, policy);
    assert.deepEqual(
      dead.map((r) => r.status),
      ['unreachable', 'unreachable', 'unreachable'],
    );
  });

  test('sends a bearer token only when given, and nothing at all for no calls', async () => {
    const server = await serve((request) => ({ body: [{ jsonrpc: '2.0', id: 1, result: request.headers.authorization ?? 'none' }] }));
    assert.deepEqual(await jsonRpcBatch(`${server.url}/rpc`, [calls[0]], policy, { bearerToken: 't0k' }), [{ status: 'ok', value: 'Bearer t0k' }]);
    assert.deepEqual(await jsonRpcBatch(`${server.url}/rpc`, [calls[0]], policy), [{ status: 'ok', value: 'none' }]);
    assert.deepEqual(await jsonRpcBatch(`${server.url}/rpc`, [], policy), []);
    assert.equal(server.requests.count, 2);
  });

  test('readPolicy applies only the options that are set', () => {
    assert.deepEqual(readPolicy({}), DEFAULT_POLICY);
    assert.deepEqual(readPolicy({ timeoutMs: 50, retries: 0 }), { ...DEFAULT_POLICY, timeoutMs: 50, retries: 0 });
  });
});
