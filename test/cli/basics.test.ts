import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, tempHome } from '../helpers/cli.js';

const home = tempHome();
after(() => home.cleanup());
const env = home.env;

describe('depin CLI basics', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const r = await runCli(['--version'], { env });
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('--help lists every registered command and the exit codes', async () => {
    const r = await runCli(['--help'], { env });
    assert.equal(r.code, 0);
    for (const name of ['detect', 'networks', 'wallet', 'earnings', 'config', 'plugins', 'doctor']) assert.match(r.stdout, new RegExp(`\\b${name}\\b`));
    assert.match(r.stdout, /5 partial/);
  });

  it('the build-time --help text is what commander renders now', async () => {
    const [fast, full] = await Promise.all([runCli(['--help'], { env }), runCli(['help'], { env })]);
    assert.equal(fast.code, 0);
    assert.equal(full.code, 0);
    assert.equal(fast.stdout, full.stdout);
  });

  for (const cmd of [
    ['detect'],
    ['networks'],
    ['wallet', 'add'],
    ['wallet', 'list'],
    ['wallet', 'remove'],
    ['earnings'],
    ['config', 'get'],
    ['config', 'set'],
    ['config', 'unset'],
    ['config', 'list'],
    ['plugins', 'list'],
    ['plugins', 'add'],
    ['plugins', 'remove'],
    ['doctor'],
  ]) {
    it(`${cmd.join(' ')} --help works`, async () => {
      const r = await runCli([...cmd, '--help'], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Usage: depin ${cmd.join(' ')}`));
    });
  }

  it('an unknown command is exit 2 with a suggestion', async () => {
    const r = await runCli(['detcet'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'detcet'/);
    assert.match(r.stderr, /Did you mean detect\?/);
    assert.equal(r.stdout, '');
  });

  it('an unknown flag is exit 2', async () => {
    const r = await runCli(['detect', '--bogus'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });

  it('a command group without a subcommand is a usage error', async () => {
    const r = await runCli(['wallet'], { env });
    assert.equal(r.code, 2);
  });
});
