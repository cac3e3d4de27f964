import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keypair } from '@solana/web3.js';
import { createPluginContext } from '../../src/plugins-host/index.js';
import { solanaAccountFrom } from '../../src/plugins-host/chain-reads.js';
import helium from '../../plugins/helium/index.js';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { asLoaded, testHost } from './test-host.js';

const plugin = asLoaded(helium);
let rpc: FaultServer;
let accounts: Map<string, unknown>;
const bodies: unknown[] = [];

before(async () => {
  rpc = await startFaultServer([
    {
      method: 'POST',
      path: '/',
      handle: (request) => {
        const batch = JSON.parse(request.body) as { id: number; method: string; params: [string[], unknown] }[];
        bodies.push(batch);
        return {
          body: batch.map((call) =>
            call.method === 'getMultipleAccounts'
              ? { jsonrpc: '2.0', id: call.id, result: { context: { slot: 1 }, value: call.params[0].map((k) => accounts.get(k) ?? null) } }
              : { jsonrpc: '2.0', id: call.id, result: { method: call.method, params: call.params } },
          ),
        };
      },
    },
  ]);
});
after(() => rpc.close());
beforeEach(() => {
  accounts = new Map();
  bodies.length = 0;
  rpc.setFaults([]);
  rpc.requests.clear();
});

const ctxFor = (config: Record<string, string>, http = {}) => createPluginContext(plugin, testHost([plugin], config, { http }), new AbortController().signal);
const entry = (bytes: number[], owner = 'Own1111111111111111111111111111111111111111') => ({
  data: [Buffer.from(bytes).toString('base64'), 'base64'],
  executable: false,
  lamports: 1_000_000,
  owner,
  rentEpoch: 0,
  space: bytes.length,
});

test('getMultipleAccounts: 250 addresses in calls of 100, 100 and 50 in one batch, decoded, in order', async () => {
  const addresses = Array.from({ length: 250 }, () => Keypair.generate().publicKey.toBase58());
  accounts.set(addresses[0], entry([1, 2, 3]));
  accounts.set(addresses[249], entry([9]));
  const reply = await ctxFor({ 'rpc.solana': `${rpc.url}/` }).chain.solana.getMultipleAccounts(addresses);
  assert.equal(reply.status, 'ok');
  const value = reply.status === 'ok' ? reply.value : [];
  assert.equal(value.length, 250);
  assert.deepEqual([...value[0]!.data], [1, 2, 3]);
  assert.equal(value[0]!.lamports, 1_000_000n);
  assert.equal(value[1], null);
  assert.deepEqual([...value[249]!.data], [9]);
  assert.equal(rpc.requests.count, 1);
  const [batch] = bodies as { params: [string[], { encoding: string; commitment: string }] }[][];
  assert.deepEqual(
    batch.map((c) => c.params[0].length),
    [100, 100, 50],
  );
  assert.deepEqual(batch[0].params[1], { encoding: 'base64', commitment: 'confirmed' });
});

test('a 503 is retried by the host; a failure after retries is unreachable, with the endpoint host only', async () => {
  rpc.setFaults([{ kind: 'status', status: 503 }]);
  const ok = await ctxFor({ 'rpc.solana': `${rpc.url}/` }, { retries: 1, baseDelayMs: 1 }).chain.solana.call('getSlot', []);
  assert.deepEqual(ok, { status: 'ok', value: { method: 'getSlot', params: [] } });
  assert.equal(rpc.requests.count, 2);
  rpc.setFaults({ rules: [{ fault: { kind: 'status', status: 503 } }] });
  const down = await ctxFor({ 'rpc.solana': `${rpc.url}/?api-key=hidden` }).chain.solana.call('getSlot', []);
  assert.equal(down.status, 'unreachable');
  assert.match((down as { reason: string }).reason, /^Solana RPC at 127\.0\.0\.1:\d+: server error \(HTTP 503\)/);
  assert.doesNotMatch((down as { reason: string }).reason, /hidden/);
});

test('bad account entries and short answers are bad responses, never accounts', () => {
  assert.equal(solanaAccountFrom(null), null);
  assert.match(solanaAccountFrom('x') as string, /not an object/);
  assert.match(solanaAccountFrom({ ...entry([1]), data: ['AAAA', 'base58'] }) as string, /not base64/);
  assert.match(solanaAccountFrom({ ...entry([1]), data: ['!!', 'base64'] }) as string, /not valid base64/);
  assert.match(solanaAccountFrom({ ...entry([1]), lamports: -1 }) as string, /lamports/);
  assert.match(solanaAccountFrom({ ...entry([1]), owner: 7 }) as string, /owner/);
});

test('an endpoint that is not set to a URL is a bad response', async () => {
  const ctx = ctxFor({ 'rpc.solana': 'nope', 'rpc.filecoin': '' });
  assert.equal((await ctx.chain.solana.getMultipleAccounts(['x'])).status, 'bad-response');
  assert.equal((await ctx.chain.lotus.call('Filecoin.ChainHead', [])).status, 'bad-response');
});
