import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { seedHistory, STORJ_WALLET } from '../helpers/seed-history.js';

describe('depin report', { timeout: 120_000 }, () => {
  const home = tempHome();
  const empty = tempHome();
  before(async () => {
    await runCli(['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj'], { env: home.env });
    await seedHistory(join(home.env.DEPIN_HOME!, 'data', 'history.db'), Date.now());
  });
  after(() => {
    home.cleanup();
    empty.cleanup();
  });

  it('writes one self-contained page with the pinned uPlot inlined, replacing an older one in one step', async () => {
    const out = join(home.dir, 'pages', 'r.html');
    mkdirSync(join(home.dir, 'pages'));
    writeFileSync(out, 'old');
    const r = await runCli(['report', '--since', '7d', '--out', out], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote .*r\.html .*2 networks/);
    const html = readFileSync(out, 'utf8');
    const pinned = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).dependencies.uplot;
    assert.match(pinned, /^\d+\.\d+\.\d+$/, 'uplot is pinned exactly');
    assert.ok(html.includes(readFileSync(new URL('../../../node_modules/uplot/dist/uPlot.iife.min.js', import.meta.url), 'utf8')));
    assert.match(html, /"networks":\["render","storj"\]/);
    assert.match(html, /No net profit is shown: no network is joined on this machine/);
    assert.match(html, /No uptime recorded in this period/);
    assert.deepEqual(readdirSync(join(home.dir, 'pages')), ['r.html'], 'no temp file left beside it');
  });

  it('--network keeps only that network', async () => {
    const out = join(home.dir, 'storj.html');
    const r = await runCli(['report', '--network', 'storj', '--out', out], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(out, 'utf8'), /"networks":\["storj"\]/);
  });

  it('--json: stdout is one document naming the file, its size, the period and the networks', async () => {
    const out = join(home.dir, 'json.html');
    const r = await runCli(['report', '--json', '--out', out], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    const doc = r.json();
    assert.equal(doc.out, out);
    assert.equal(doc.bytes, statSync(out).size);
    assert.deepEqual(doc.networks, ['render', 'storj']);
    assert.equal(doc.currency, 'USD');
    assert.match(doc.from, /^\d{4}-\d\d-\d\d$/);
    assert.match(doc.to, /^\d{4}-\d\d-\d\d$/);
    const bad = await runCli(['report', '--json', '--since', '30x', '--out', join(home.dir, 'y.html')], { env: home.env });
    assert.equal(bad.code, 2);
    assert.equal(bad.json().error.code, 'USAGE');
    assert.ok(!existsSync(join(home.dir, 'y.html')));
  });

  it('bad input is a usage error naming what is wrong, and writes nothing', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--out', join(home.dir, 'missing', 'r.html')], 2, /the folder .*missing does not exist/],
      [['--out', home.dir], 2, /is a folder/],
      [['--since', '30x', '--out', join(home.dir, 'x.html')], 2, /--since "30x" is not a period/],
      [['--network', 'Bad Id', '--out', join(home.dir, 'x.html')], 2, /is not a network id/],
      [['--network', 'peaq', '--out', join(home.dir, 'x.html')], 4, /nothing is recorded for peaq/],
    ];
    for (const [flags, code, message] of cases) {
      const r = await runCli(['report', ...flags], { env: home.env });
      assert.equal(r.code, code, `${flags.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.ok(!existsSync(join(home.dir, 'missing')));
    assert.ok(!existsSync(join(home.dir, 'x.html')));
  });

  it('with no history at all it says what to do (exit 4) and creates no database', async () => {
    const out = join(empty.dir, 'r.html');
    const r = await runCli(['report', '--out', out], { env: empty.env });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /nothing is recorded yet[\s\S]*depin earnings/);
    assert.ok(!existsSync(out));
    assert.ok(!existsSync(join(empty.env.DEPIN_HOME!, 'data', 'history.db')));
  });

  it('the page is private to its owner, like the history it comes from', async () => {
    const out = join(home.dir, 'mode.html');
    assert.equal((await runCli(['report', '--out', out], { env: home.env })).code, 0);
    assert.equal(statSync(out).mode & 0o777, 0o600);
  });
});
