// What `depin join` refuses before it touches anything, through the built CLI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { joinSandbox, type JoinSandbox } from '../helpers/join-sandbox.js';

describe('depin join refusals (built CLI)', () => {
  let sb: JoinSandbox;
  before(() => {
    sb = joinSandbox();
  });
  after(() => sb?.cleanup());

  it('a network whose joining is not automated: exit 1, saying so and what to do instead', async () => {
    const r = await sb.run(['join', 'grass', '--yes']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /joining Grass is not automated by this version of depin/);
    assert.match(r.stderr, /follow https:\/\/www\.grass\.io/);
    assert.match(r.stderr, /depin wallet add <address> --network grass/);
  });

  it('an unknown network: exit 2 with a suggestion', async () => {
    const r = await sb.run(['join', 'nosuch']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unknown network "nosuch"/);
    assert.match(r.stderr, /depin networks/);
    const typo = await sb.run(['join', 'arweve']);
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(typo.stderr, /did you mean "arweave"\?/);
  });

  it('a --set without = and a bad --lines are usage errors naming the flag', async () => {
    const set = await sb.run(['join', 'helium', '--set', 'wallet']);
    assert.equal(set.code, 2, set.stderr);
    assert.match(set.stderr, /--set wallet: expected key=value/);
    const lines = await sb.run(['logs', 'helium', '--lines', 'abc']);
    assert.equal(lines.code, 2, lines.stderr);
    assert.match(lines.stderr, /--lines abc: expected a whole number from 0 to 100000/);
    const json = await sb.run(['leave', 'helium', '--json']);
    assert.equal(json.code, 4, json.stderr);
    assert.equal(JSON.parse(json.stdout).error.code, 'NOT_JOINED');
  });

  it('an unknown --set key: exit 2 naming the valid keys', async () => {
    const r = await sb.run(['join', 'helium', '--set', 'unknown=1']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--set unknown: unknown key \(this network takes wallet, hotspots\)/);
    const twice = await sb.run(['join', 'helium', '--set', 'wallet=a', '--set', 'wallet=b']);
    assert.equal(twice.code, 2, twice.stderr);
    assert.match(twice.stderr, /--set wallet is given twice/);
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
  });

  it('commands on a network that is not joined: exit 4', async () => {
    for (const args of [
      ['leave', 'helium'],
      ['stop', 'arweave'],
      ['logs', 'akash'],
    ]) {
      const r = await sb.run(args);
      assert.equal(r.code, 4, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /is not joined on this machine/);
    }
  });
});
