import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, runCli, tempHome } from '../helpers/cli.js';
import { which } from '../../src/system/which.js';
import { seedHistory, STORJ_WALLET } from '../helpers/seed-history.js';

/** `depin earnings --chart` and `--export rotki` through the built CLI, from a recorded history. */
describe('depin earnings views', { timeout: 120_000 }, () => {
  const home = tempHome();
  before(async () => {
    const added = await runCli(['wallet', 'add', STORJ_WALLET, '--chain', 'ethereum', '--network', 'storj'], { env: home.env });
    assert.equal(added.code, 0, added.stderr);
    await seedHistory(join(home.env.DEPIN_HOME!, 'data', 'history.db'), Date.now(), { unpricedDay: 12 });
  });
  after(() => home.cleanup());

  it('--chart draws plain ASCII bars and a legend off a terminal, with the totals line', async () => {
    const r = await runCli(['earnings', '--offline', '--chart', '--since', '30d'], { env: { ...home.env, NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Earned per day in USD/);
    assert.match(r.stdout.split('Earned since')[0], /^[\x20-\x7e\n]+$/, 'the chart is plain ASCII');
    assert.match(r.stdout, /# render 24\.00 USD \(\+ unpriced days\)/);
    assert.match(r.stdout, /= storj 15\.00 USD/);
    assert.match(r.stdout, /\?/);
    // Off a terminal the chart takes 80 columns.
    for (const line of r.stdout.split('Earned since')[0].split('\n')) assert.ok(line.length <= 80, line);
  });

  it('off a terminal the chart is plain even without NO_COLOR', async () => {
    const { NO_COLOR: _, ...env } = home.env;
    const r = await runCli(['earnings', '--offline', '--chart'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    assert.match(r.stdout, /# render/);
  });

  it(
    'on a terminal the chart is in colour and fits its width',
    { skip: which('script') ? false : 'script (util-linux) is not installed: no pseudo-terminal to test on' },
    () => {
      const { NO_COLOR: _, ...env } = home.env;
      const command = `stty cols 64; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} earnings --offline --chart`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], { env: { ...env, TERM: 'xterm-256color' }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      const chart = r.stdout.split('Earned since')[0];
      assert.match(chart, /\u001b\[36m\u2588/, 'render in its colour');
      assert.match(chart, /\u001b\[35m\u2588/, 'storj in its colour');
      for (const line of chart.split(/\r?\n/)) assert.ok([...line.replace(/\u001b\[[0-9;]*m/g, '')].length <= 64, JSON.stringify(line));
    },
  );

  it('--chart with --json: stdout holds exactly the JSON document, the chart goes to stderr', async () => {
    const r = await runCli(['earnings', '--offline', '--chart', '--json'], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(r.json().lines));
    assert.match(r.stderr, /Earned per day in USD/);
    assert.doesNotMatch(r.stdout, /Earned per day/);
  });

  it('--export rotki writes the generic events CSV: one row per earning', async () => {
    const r = await runCli(['earnings', '--offline', '--export', 'rotki', '--since', '30d'], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\r\n');
    assert.equal(lines[0], 'Type,Location,Currency,Amount,Fee,Fee Currency,Description,Timestamp');
    const rows = lines.slice(1).map((l) => l.split(','));
    // storj grows on each of 20 days, render on every second one.
    assert.equal(rows.filter((c) => c[2] === 'eip155:1/erc20:0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC').length, 20);
    assert.equal(rows.filter((c) => c[2] === 'solana/token:rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof').length, 10);
    for (const c of rows) {
      assert.equal(c[0], 'Income');
      assert.match(c[3], /^\d+(\.\d+)?$/);
      assert.ok(Math.abs(Number(c[7]) - Date.now()) < 40 * 86_400_000, `timestamp ${c[7]} is in milliseconds`);
    }
  });

  it('conflicting and unknown views are usage errors that name the flags, and write nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--chart', '--export', 'rotki'], /--chart and --export cannot be used together/],
      [['--export', 'koinly'], /--export "koinly" is not a format depin can write[\s\S]*rotki/],
      [['--export', 'rotki', '--json'], /--export and --json cannot be used together/],
      [['--export', 'rotki', '--csv'], /--export and --csv cannot be used together/],
      [['--chart', '--csv'], /--chart and --csv cannot be used together/],
      [['--chart', '--since', 'yesterday'], /--since "yesterday" is not a period/],
    ];
    for (const [flags, message] of cases) {
      const r = await runCli(['earnings', '--offline', ...flags], { env: home.env });
      assert.equal(r.code, 2, `${flags.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      // With --json the error itself is the one JSON document on stdout.
      if (flags.includes('--json')) assert.equal(r.json().error.exitCode, 2);
      else assert.equal(r.stdout, '');
    }
    assert.ok(existsSync(join(home.env.DEPIN_HOME!, 'data')));
    assert.deepEqual(
      readdirSync(join(home.env.DEPIN_HOME!, 'data')).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });
});
