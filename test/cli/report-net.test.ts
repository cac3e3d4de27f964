// `depin report` with net profit: a history holding balance snapshots, prices and GPU power samples,
// a record of joined networks and the power settings, through the built CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { container, D, DAY, dayText, fillHistory, join_, STORJ_WALLET } from '../helpers/net-history.js';
import { resolvePaths } from '../../src/store/paths.js';
import type { Resource } from '../../src/plugin-api/resources.js';
import type { ReportModel } from '../../src/core/report-model.js';

const home = tempHome();
after(() => home.cleanup());
const bin = join(home.dir, 'bin');
mkdirSync(bin, { recursive: true });
// PATH holds only node's folder, so no nvidia-smi of the test machine answers.
const env = { ...home.env, PATH: `${bin}:${join(process.execPath, '..')}`, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

async function ok(args: string[]) {
  const r = await runCli(args, { env });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** The model embedded in the page, as the page's script reads it. */
function pageModel(html: string): ReportModel {
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1];
  return JSON.parse(json) as ReportModel;
}

describe('depin report with net profit', { timeout: 120_000 }, () => {
  const since = ['--since', dayText(D)];

  before(async () => {
    await ok(['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj']);
    await fillHistory(env);
    join_(env, 'nosana', [container('nosana-node', ['0'])]);
    join_(env, 'storj', [{ ...container('storagenode'), image: 'storjlabs/storagenode:latest' } as Resource]);
  });

  test('without a kWh price the page says which setting is missing and draws no net chart', async () => {
    const out = join(home.dir, 'no-price.html');
    await ok(['report', ...since, '--out', out]);
    const html = readFileSync(out, 'utf8');
    assert.deepEqual(pageModel(html).net.missing, ['no kWh price set (depin config set power.kwhPrice 0.30)']);
    assert.match(html, /No net profit is shown: no kWh price set \(depin config set power\.kwhPrice 0\.30\)\./);
    assert.doesNotMatch(html, /id="chart-net"/);
  });

  test('with a kWh price: net per joined network and day, unmeasured days left without a net, totals in a table', async () => {
    await ok(['config', 'set', 'power.kwhPrice', '0.30']);
    await ok(['config', 'set', 'power.baselineWatts', '60']);
    const db = resolvePaths(env).dbFile;
    const before = statSync(db).size;
    const out = join(home.dir, 'net.html');
    const r = await ok(['report', ...since, '--out', out]);
    assert.match(r.stdout, /Wrote .*net\.html/);
    const html = readFileSync(out, 'utf8');
    const model = pageModel(html);
    assert.deepEqual(model.net.missing, []);
    assert.deepEqual(
      model.net.series.map((s) => s.network),
      ['nosana', 'storj'],
    );
    const at = (day: number) => model.days.indexOf(dayText(D + day * DAY));
    const [nosana, storj] = model.net.series;
    // D: 6 USD earned − (14.4 kWh of GPU + 0.72 of baseline) × 0.30; D+1 measured 6 h, nothing earned.
    assert.equal(nosana.values[at(0)], 1.46);
    assert.equal(nosana.values[at(1)], -1.13);
    assert.equal(nosana.partial[at(1)], true);
    // D+2 earned but was not measured: no net, never the gross.
    assert.equal(nosana.values[at(2)], null);
    assert.equal(storj.values[at(0)], 2.28);
    assert.equal(storj.values[at(1)], 0.45);
    assert.equal(storj.values[at(2)], null);
    assert.equal(nosana.netDays, 2);
    assert.equal(model.net.kwhPrice, 0.3);
    assert.match(html, /<div id="chart-net"><\/div>/);
    assert.match(html, /<table id="net-totals">[\s\S]*nosana[\s\S]*storj[\s\S]*all joined networks/);
    assert.match(html, /GPU 0 \(NVIDIA H200\): charged to nosana/);
    assert.ok(model.networks.includes('nosana'), 'a joined network with no tracked wallet is in the legend');
    assert.equal(statSync(db).size, before, 'the report only reads the history');
  });

  test('--network keeps the net of that network only', async () => {
    const out = join(home.dir, 'storj.html');
    await ok(['report', ...since, '--network', 'storj', '--out', out]);
    assert.deepEqual(
      pageModel(readFileSync(out, 'utf8')).net.series.map((s) => s.network),
      ['storj'],
    );
  });

  test('a bad power.split is a usage error naming the fix, and writes no page', async () => {
    await ok(['config', 'set', 'power.split', 'storj=1,rendr=2']);
    const out = join(home.dir, 'bad.html');
    const r = await runCli(['report', ...since, '--out', out], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /power\.split names "rendr", which is not a network \(did you mean "render"\?\)/);
    assert.ok(!existsSync(out));
    await ok(['config', 'unset', 'power.split']);
  });
});
