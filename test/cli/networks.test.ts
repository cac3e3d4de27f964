import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { CHAIN_IDS } from '../../src/plugin-api/types.js';

const IDS = ['akash', 'arweave', 'filecoin', 'grass', 'helium', 'hivemapper', 'ionet', 'iotex', 'nosana', 'peaq', 'render', 'roam', 'storj'];
const CATEGORIES = ['gpu-compute', 'cloud-compute', 'storage', 'bandwidth', 'wireless', 'mapping', 'chain-node'];

interface Row {
  id: string;
  name: string;
  category: string;
  joinKind: string;
  tokens: { symbol: string; chain: string; legacy: boolean }[];
  source: string;
  eligible: boolean;
  verdict: string;
  reasons: string[];
}

/** The table row (first line) of a network, found by its id column. */
function row(stdout: string, id: string): string | undefined {
  return stdout.split('\n').find((line) => line.startsWith(`│ ${id} `));
}

describe('depin networks', () => {
  const home = tempHome();
  after(() => home.cleanup());
  let all: CliResult;
  let eligibleJson: CliResult;
  let table: CliResult;
  let eligibleTable: CliResult;
  before(async () => {
    const env = home.env;
    [all, eligibleJson] = await Promise.all([runCli(['networks', '--json'], { env }), runCli(['networks', '--eligible', '--json'], { env })]);
    [table, eligibleTable] = await Promise.all([runCli(['networks'], { env }), runCli(['networks', '--eligible'], { env })]);
  });

  it('--json lists every built-in network with category, tokens, join kind and eligibility', () => {
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stderr, '');
    const { networks, disabledPlugins } = all.json() as { networks: Row[]; disabledPlugins: unknown[] };
    assert.deepEqual(disabledPlugins, []);
    assert.deepEqual(networks.map((n) => n.id).sort(), IDS);
    for (const n of networks) {
      assert.equal(n.source, 'builtin');
      assert.ok(CATEGORIES.includes(n.category), `${n.id}: ${n.category}`);
      assert.ok(n.tokens.length > 0);
      for (const t of n.tokens) assert.ok((CHAIN_IDS as readonly string[]).includes(t.chain), `${n.id} ${t.symbol} on ${t.chain}`);
      assert.equal(n.eligible, n.verdict === 'eligible');
      assert.equal(n.reasons.length === 0, n.eligible, n.id);
    }
    const get = (id: string) => networks.find((n) => n.id === id)!;
    assert.deepEqual(get('render').tokens, [
      { symbol: 'RENDER', chain: 'solana', legacy: false },
      { symbol: 'RNDR', chain: 'ethereum', legacy: true },
    ]);
    assert.deepEqual(get('storj').tokens, [{ symbol: 'STORJ', chain: 'ethereum', legacy: false }]);
    assert.deepEqual(
      get('akash').tokens.map((t) => t.symbol),
      ['AKT', 'ACT'],
    );
    assert.deepEqual({ category: get('storj').category, joinKind: get('storj').joinKind }, { category: 'storage', joinKind: 'container' });
    assert.deepEqual(
      { category: get('helium').category, joinKind: get('helium').joinKind, verdict: get('helium').verdict },
      { category: 'wireless', joinKind: 'device', verdict: 'dedicated-hardware' },
    );
    const firstNo = networks.findIndex((n) => !n.eligible);
    assert.ok(
      networks.slice(firstNo).every((n) => !n.eligible),
      'eligible networks come first',
    );
  });

  it('--eligible --json lists exactly the eligible ones', () => {
    assert.equal(eligibleJson.code, 0, eligibleJson.stderr);
    const everything = all.json().networks as Row[];
    const eligible = eligibleJson.json().networks as Row[];
    assert.ok(eligible.every((n) => n.eligible && n.verdict === 'eligible'));
    assert.deepEqual(
      eligible.map((n) => n.id),
      everything.filter((n) => n.eligible).map((n) => n.id),
    );
    // Grass needs nothing but a connection, so any machine qualifies.
    assert.ok(eligible.some((n) => n.id === 'grass'));
    assert.ok(eligible.length < everything.length);
  });

  it('the table shows what each network pays in and what this machine can do', () => {
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /│ id\s+│ network\s+│ category\s+│ pays in\s+│ join\s+│ this machine\s+│/);
    const networks = all.json().networks as Row[];
    for (const n of networks) {
      const line = row(table.stdout, n.id);
      assert.ok(line, `a row for ${n.id}`);
      const status = n.eligible ? 'eligible' : n.verdict === 'dedicated-hardware' ? 'needs hardware' : 'not eligible';
      assert.match(line, new RegExp(`│ ${status}\\s+│$`), `${n.id}: ${line}`);
      assert.ok(line.includes(`│ ${n.tokens[0].symbol} (${n.tokens[0].chain}${n.tokens[0].legacy ? ', legacy' : ''})`), line);
    }
    assert.match(table.stdout, /│ RNDR \(ethereum, legacy\)\s+│/);
    assert.doesNotMatch(table.stdout, /\u001b\[/);
  });

  it('--eligible without --json prints only the eligible rows', () => {
    assert.equal(eligibleTable.code, 0, eligibleTable.stderr);
    for (const n of all.json().networks as Row[]) assert.equal(row(eligibleTable.stdout, n.id) !== undefined, n.eligible, n.id);
  });
});
