// `depin join helium` end to end through the built CLI: a device no software can supply. Joining
// records the hotspots and the wallet; status reads them from a loopback Helium entity API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinSandbox, serveLoopback, type JoinSandbox, type Loopback } from '../helpers/join-sandbox.js';

const REPLY = JSON.parse(readFileSync(new URL('../../../test/fixtures/joins/helium-wallet-hotspots.composed.json', import.meta.url), 'utf8'));
// A valid Solana address (test/fixtures/addresses/solana.json).
const WALLET = 'BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K';
const [HERON, OTTER] = REPLY.hotspots as { name: string; asset_id: string; entity_key_str: string }[];
// One hotspot by entity key, the other by asset id: the Helium app shows both.
const HOTSPOTS = `${HERON.entity_key_str},${OTTER.asset_id}`;

describe('depin join helium (built CLI)', () => {
  let sb: JoinSandbox;
  let api: Loopback;
  let reply: unknown = REPLY;

  before(async () => {
    sb = joinSandbox();
    api = await serveLoopback((req, res) => {
      if (req.method === 'GET' && req.url === `/v2/wallet/${WALLET}`) {
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify(reply));
      }
      res.statusCode = 404;
      res.end('{"error":"not found"}');
    });
    const set = await sb.run(['config', 'set', 'helium.entitiesUrl', api.url]);
    assert.equal(set.code, 0, set.stderr);
    // Another network's setting in the same file must not upset status, start or leave of this one.
    const other = await sb.run(['config', 'set', 'arweave.version', '2.9.5']);
    assert.equal(other.code, 0, other.stderr);
  });
  after(async () => {
    await api?.close();
    sb?.cleanup();
  });

  it('an invalid hotspot id is exit 2 naming the flag, and records nothing', async () => {
    const r = await sb.run(['join', 'helium', '--yes', '--set', `wallet=${WALLET}`, '--set', 'hotspots=not-a-hotspot-0OIl']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--set hotspots: .*is not base58/);
    const twice = await sb.run(['join', 'helium', '--yes', '--set', `wallet=${WALLET}`, '--set', `hotspots=${OTTER.asset_id},${OTTER.asset_id}`]);
    assert.equal(twice.code, 2, twice.stderr);
    assert.match(twice.stderr, /listed twice/);
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
  });

  it('join records the wallet and the two hotspots; the wallet is tracked for helium', async () => {
    const r = await sb.run(['join', 'helium', '--yes', '--set', `wallet=${WALLET}`, '--set', `hotspots=${HOTSPOTS}`]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /helium: joined \(1 change\)/);
    assert.match(r.stdout, /Left for you to do:\n! by hand: Onboard each hotspot with the Helium app/);
    assert.doesNotMatch(r.stdout.split('Left for you to do:')[1], /device/, 'tracking the hotspots is done by depin, not left to the person');
    const record = JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.helium;
    assert.equal(record.complete, true);
    assert.deepEqual(record.resources.find((res: { kind: string }) => res.kind === 'device').ids, [HERON.entity_key_str, OTTER.asset_id]);
    const wallets = await sb.run(['wallet', 'list', '--json']);
    assert.equal(wallets.code, 0, wallets.stderr);
    const listed = JSON.stringify(wallets.json());
    assert.ok(listed.includes(WALLET), listed);
    assert.match(listed, /"network":"helium"/);
  });

  it('status shows both hotspots from the entity API (running, exit 0)', async () => {
    const r = await sb.run(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [node] = r.json().nodes;
    assert.equal(node.network, 'helium');
    assert.equal(node.state, 'running');
    assert.ok(node.details.includes('Brisk Amber Heron: iot (location asserted)'), node.details);
    assert.ok(node.details.includes('Quiet Teal Otter: iot (no location)'), node.details);
    assert.ok(api.requests.includes(`/v2/wallet/${WALLET}`));
    const human = await sb.run(['status']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /helium\s.*running/);
  });

  it('a hotspot the wallet no longer lists is degraded (exit 5)', async () => {
    reply = { hotspots_count: 1, hotspots: [REPLY.hotspots[0]] };
    const r = await sb.run(['status', '--json']);
    assert.equal(r.code, 5, r.stderr);
    const [node] = r.json().nodes;
    assert.equal(node.state, 'degraded');
    assert.ok(
      node.details.some((d: string) => d.startsWith(OTTER.asset_id.slice(0, 10)) && d.includes("not among the wallet's 1 hotspot(s)")),
      node.details,
    );
    assert.match(r.stderr, /1 node need attention: helium/);
    reply = REPLY;
  });

  it('start says there is nothing on this machine to run (exit 1)', async () => {
    const start = await sb.run(['start', 'helium']);
    assert.equal(start.code, 1, start.stderr);
    assert.match(start.stderr, /helium runs nothing on this machine that depin can start/);
  });

  it('leave stops tracking the hotspots and keeps the wallet', async () => {
    const r = await sb.run(['leave', 'helium']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.ok(r.stdout.includes(`stopped tracking ${HERON.entity_key_str}, ${OTTER.asset_id}`), r.stdout);
    assert.match(r.stdout, /kept BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K in the wallet book/);
    assert.equal(JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.helium, undefined);
    const wallets = await sb.run(['wallet', 'list', '--json']);
    assert.ok(JSON.stringify(wallets.json()).includes(WALLET));
    const status = await sb.run(['status', '--json']);
    assert.equal(status.code, 0);
    assert.deepEqual(status.json().nodes, []);
  });
});
