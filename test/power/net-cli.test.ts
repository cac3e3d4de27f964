// `depin earnings --net` through the built CLI: a history holding balance snapshots, prices and GPU
// power samples (written through the store, shaped as real runs write them), a record of joined
// networks, and the power settings, good and bad.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { container, D, DAY, dayText, fillHistory, join_, STORJ_WALLET } from '../helpers/net-history.js';
import type { Resource } from '../../src/plugin-api/resources.js';
import { resolvePaths } from '../../src/store/paths.js';

const close = (a: number | null, b: number, what: string) => assert.ok(a !== null && Math.abs(a - b) < 1e-6, `${what}: ${a} is not ${b}`);
const homes: { cleanup(): void }[] = [];
after(() => homes.forEach((h) => h.cleanup()));
/** A fresh DEPIN_HOME; PATH holds only node's folder, so no nvidia-smi of the test machine answers. */
function machine(): NodeJS.ProcessEnv {
  const home = tempHome();
  homes.push(home);
  const bin = join(home.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  return { ...home.env, PATH: `${bin}:${join(process.execPath, '..')}`, DOCKER_HOST: 'unix:///nonexistent/docker.sock', COLUMNS: '200' };
}

async function ok(env: NodeJS.ProcessEnv, args: string[]) {
  const r = await runCli(args, { env });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

describe('earnings --net with a history', { timeout: 120_000 }, () => {
  const env = machine();
  const since = ['--since', dayText(D), '--offline'];

  before(async () => {
    await ok(env, ['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj']);
    await fillHistory(env);
    join_(env, 'nosana', [container('nosana-node', ['0'])]);
    join_(env, 'storj', [{ ...container('storagenode'), image: 'storjlabs/storagenode:latest' } as Resource]);
  });

  test('without a kWh price: kWh per network and day, no cost and no net, and the command to set it', async () => {
    const r = await ok(env, ['earnings', '--net', '--json', ...since]);
    const doc = r.json();
    assert.equal(doc.settings.kwhPrice, null);
    const nosana = doc.networks.find((n: { network: string }) => n.network === 'nosana');
    close(nosana.days[0].kWh, 14.4, 'GPU 0 at 600 W for 24 h, no baseline');
    assert.equal(nosana.days[0].net, null);
    assert.ok(nosana.days[0].notes.includes('no kWh price set (depin config set power.kwhPrice 0.30)'));
    const table = await ok(env, ['earnings', '--net', ...since]);
    assert.match(table.stdout, /no kWh price set \(depin config set power\.kwhPrice 0\.30\)/);
    assert.match(table.stdout, /— \(no kWh price\)/);
  });

  test('--json: earned, kWh, power cost and net per network and day, the attribution stated', async () => {
    await ok(env, ['config', 'set', 'power.kwhPrice', '0.30']);
    await ok(env, ['config', 'set', 'power.baselineWatts', '60']);
    const r = await ok(env, ['earnings', '--net', '--json', ...since]);
    const doc = r.json();
    assert.equal(doc.currency, 'usd');
    assert.deepEqual(doc.settings, { kwhPrice: 0.3, baselineWatts: 60, split: null, maxGapSeconds: 300 });
    assert.deepEqual(
      doc.attribution.gpus.map((g: { gpuIndex: number; networks: string[]; rule: string }) => [g.gpuIndex, g.networks, g.rule]),
      [[0, ['nosana'], 'given']],
    );
    assert.deepEqual(doc.attribution.baseline, { rule: 'even', shares: { nosana: 0.5, storj: 0.5 } });
    assert.match(doc.attribution.text.join('\n'), /GPU 0 \(NVIDIA H200\): charged to nosana/);

    const byNetwork = Object.fromEntries(doc.networks.map((n: { network: string }) => [n.network, n]));
    const [n0, n1, n2] = byNetwork.nosana.days;
    assert.deepEqual(
      byNetwork.nosana.days.map((d: { day: string }) => d.day),
      [dayText(D), dayText(D + DAY), dayText(D + 2 * DAY)],
    );
    // D: 14.4 kWh of GPU + half of 60 W × 24 h.
    close(n0.earned, 6, 'nosana earned D');
    close(n0.kWh, 15.12, 'nosana kWh D');
    close(n0.powerCost, 4.536, 'nosana cost D');
    close(n0.net, 1.464, 'nosana net D');
    assert.equal(n0.power, 'measured');
    // D+1: measured 00:00–06:00 only, nothing earned: a loss, and the day says how much was measured.
    assert.equal(n1.power, 'partial');
    assert.equal(n1.measuredSeconds, 6 * 3600);
    close(n1.net, -(3.6 + 0.18) * 0.3, 'nosana net D+1');
    assert.deepEqual(n1.notes, ['power measured for 6.0 h of 24.0 h']);
    // D+2: earnings but no samples: no net.
    assert.equal(n2.power, 'not-measured');
    close(n2.earned, 2, 'nosana earned D+2');
    assert.equal(n2.net, null);
    assert.deepEqual(n2.notes, ['power not measured']);

    const [s0, s1, s2] = byNetwork.storj.days;
    close(s0.kWh, 0.72, 'storj carries only its baseline share');
    close(s0.earned, 2.5, 'storj earned D');
    close(s0.net, 2.5 - 0.216, 'storj net D');
    close(s1.net, 0.5 - 0.054, 'storj net D+1');
    close(s2.earned, 0.75, 'storj D+2: 1 STORJ, then half after a transfer');
    assert.equal(s2.net, null);

    close(doc.totals.net, 1.464 - 1.134 + 2.284 + 0.446, 'total net over the measured days');
    close(doc.totals.earned, 6 + 2 + 2.5 + 0.5 + 0.75, 'total earned');
    assert.equal(doc.totals.netDays, 2);
    assert.equal(doc.totals.days, 3);
  });

  test('the table shows each day, the totals and the attribution in words', async () => {
    const r = await ok(env, ['earnings', '--net', ...since]);
    assert.match(r.stdout, /network.*day \(UTC\).*earned USD.*kWh.*power USD.*net USD.*power/);
    assert.match(r.stdout, new RegExp(`nosana.*${dayText(D)}.*\\$6\\.00.*15\\.120.*\\$4\\.54.*\\$1\\.46.*measured`));
    assert.match(r.stdout, new RegExp(`nosana.*${dayText(D + DAY)}.*-\\$1\\.13.*measured 6\\.0 h of 24\\.0 h`));
    assert.match(r.stdout, new RegExp(`nosana.*${dayText(D + 2 * DAY)}.*— \\(not measured\\).*power not measured`));
    assert.match(r.stdout, /How power is attributed:\n {2}GPU 0 \(NVIDIA H200\): charged to nosana \(its container was given this GPU\)\./);
    assert.match(r.stdout, /Baseline 60 W \(the rest of the machine\): split evenly across the joined networks nosana, storj\./);
    assert.match(r.stdout, /Total: earned \$11\.75, .* net \$3\.06 over 2 of 3 days\./);
  });

  test('--network and power.split: the baseline by weight, one network shown', async () => {
    await ok(env, ['config', 'set', 'power.split', 'storj=3,nosana=1']);
    const r = await ok(env, ['earnings', '--net', '--json', '--network', 'storj', ...since]);
    const doc = r.json();
    assert.deepEqual(
      doc.networks.map((n: { network: string }) => n.network),
      ['storj'],
    );
    close(doc.networks[0].days[0].kWh, 1.44 * 0.75, 'storj carries 3/4 of the baseline');
    assert.deepEqual(doc.settings.split, { storj: 3, nosana: 1 });
    await ok(env, ['config', 'unset', 'power.split']);
  });

  test('--net with --csv is a usage error', async () => {
    const r = await runCli(['earnings', '--net', '--csv', ...since], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--net and --csv cannot be used together/);
    assert.equal(r.stdout, '');
  });
});

describe('earnings --net with bad power settings', { timeout: 120_000 }, () => {
  const env = machine();
  const configFile = () => resolvePaths(env).configFile;

  before(async () => {
    await ok(env, ['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj']);
    join_(env, 'storj', []);
  });

  test('config set refuses malformed values (exit 2) and writes nothing', async () => {
    const cases: [string, string, RegExp][] = [
      ['power.kwhPrice', '-0.3', /power\.kwhPrice.*must be a number/],
      ['power.kwhPrice', 'cheap', /power\.kwhPrice.*must be a number/],
      ['power.baselineWatts', '1e3', /power\.baselineWatts.*must be a number/],
      ['power.split', 'render=two', /weight of render must be a number/],
      ['power.split', 'render', /"render" is not network=weight/],
      ['power.maxGapSeconds', '0', /power\.maxGapSeconds/],
    ];
    for (const [key, value, why] of cases) {
      const r = await runCli(['config', 'set', key, value], { env });
      assert.equal(r.code, 2, `${key} ${value}: ${r.stderr}`);
      assert.match(r.stderr, why);
      assert.equal(existsSync(configFile()), false, `${key} ${value} wrote the config file`);
    }
  });

  test('a split naming an unknown network: exit 2 naming the fix, before anything is read or written', async () => {
    await ok(env, ['config', 'set', 'power.split', 'storj=1,rendr=2']);
    const r = await runCli(['earnings', '--net', '--json'], { env });
    assert.equal(r.code, 2, r.stderr);
    // With --json the error is the one JSON document on stdout.
    const { error } = r.json();
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, 'power.split names "rendr", which is not a network (did you mean "render"?)');
    assert.match(error.suggestion, /depin config set power\.split render=2,storj=1.*depin config unset power\.split/);
    const text = await runCli(['earnings', '--net'], { env });
    assert.equal(text.code, 2);
    assert.match(text.stderr, /power\.split names "rendr"/);
    assert.equal(existsSync(resolvePaths(env).dbFile), false, 'no history was created');
  });

  test('a split that gives no joined network any weight: exit 2 with the command that fixes it', async () => {
    await ok(env, ['config', 'set', 'power.split', 'render=1']);
    const r = await runCli(['earnings', '--net', '--offline'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /power\.split gives no weight to any joined network \(joined here: storj\)/);
    assert.match(r.stderr, /depin config set power\.split storj=1/);
    const stored = JSON.parse(readFileSync(configFile(), 'utf8'));
    assert.deepEqual(stored.power, { split: 'render=1' }, 'the setting is left as it was');
  });
});
