import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempHome } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { resolvePaths } from '../../src/store/paths.js';

const IDS = ['akash', 'arweave', 'filecoin', 'grass', 'helium', 'hivemapper', 'ionet', 'iotex', 'nosana', 'peaq', 'render', 'roam', 'storj'];

interface PluginRow {
  name: string;
  source: string;
  version: string | null;
  apiVersion: number | null;
  status: 'enabled' | 'disabled';
  reason: string | null;
}

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/plugins/${name}`, import.meta.url));

describe('depin plugins', () => {
  const home = tempHome();
  after(() => home.cleanup());
  // npm works offline against an empty cache and an unreachable registry: it can never leave the machine.
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    npm_config_offline: 'true',
    npm_config_cache: join(home.dir, 'npm-cache'),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_update_notifier: 'false',
  };
  const { pluginsDir } = resolvePaths(env);
  const dependencies = () => {
    const file = join(pluginsDir, 'package.json');
    return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {}).sort() : [];
  };
  const list = async () => {
    const r = await runCli(['plugins', 'list', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    const doc = r.json() as { pluginsDir: string; plugins: PluginRow[] };
    assert.equal(doc.pluginsDir, pluginsDir);
    return doc.plugins;
  };

  it('list --json: the 13 built-ins, enabled', async () => {
    const plugins = await list();
    assert.deepEqual(plugins.map((p) => p.name).sort(), IDS);
    for (const p of plugins) {
      assert.deepEqual(
        { source: p.source, status: p.status, reason: p.reason, apiVersion: p.apiVersion },
        { source: 'builtin', status: 'enabled', reason: null, apiVersion: 1 },
        p.name,
      );
      assert.match(p.version!, /^\d+\.\d+\.\d+/);
    }
  });

  it('a name that is not a plugin package is exit 2 before npm runs', async () => {
    const bin = join(home.dir, 'fake-npm');
    createFakeBin(bin, 'npm', { stderr: 'npm must not run\n', exitCode: 1 });
    const fakeEnv = { ...env, PATH: `${bin}${delimiter}${env.PATH}` };
    const [leftPad, url, folder] = await Promise.all([
      runCli(['plugins', 'add', 'left-pad'], { env: fakeEnv }),
      runCli(['plugins', 'add', 'https://example.org/depin-plugin-x.tgz'], { env: fakeEnv }),
      runCli(['plugins', 'add', join(home.dir, 'no-such-folder')], { env: fakeEnv }),
    ]);
    assert.equal(leftPad.code, 2);
    assert.match(
      leftPad.stderr,
      /error: "left-pad" is not a depin plugin package\n {2}Plugin packages are named depin-plugin-<name> or @scope\/depin-plugin-<name>\./,
    );
    assert.equal(url.code, 2);
    assert.equal(folder.code, 2);
    assert.ok(folder.stderr.includes(`error: no plugin folder at ${join(home.dir, 'no-such-folder')}`), folder.stderr);
    assert.deepEqual(readArgv(bin, 'npm'), []);
    assert.equal(existsSync(pluginsDir), false, 'nothing was written');
  });

  it("a package npm cannot fetch is exit 1 with npm's reason", async () => {
    const r = await runCli(['plugins', 'add', 'depin-plugin-not-there'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: could not install depin-plugin-not-there: .*(only-if-cached|ENOTCACHED|offline)/i);
    assert.deepEqual(dependencies(), []);
  });

  it('add a local plugin folder: its network shows up in `depin networks`', async () => {
    const r = await runCli(['plugins', 'add', fixture('depin-plugin-example')], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'installed depin-plugin-example: network "example" is now available (see `depin networks`)\n');
    assert.deepEqual(dependencies(), ['depin-plugin-example']);
    assert.ok(existsSync(join(pluginsDir, 'node_modules', 'depin-plugin-example', 'package.json')));

    const [networks, plugins] = await Promise.all([runCli(['networks', '--json'], { env }), list()]);
    assert.equal(networks.code, 0, networks.stderr);
    const rows = networks.json().networks as { id: string; name: string; source: string; tokens: unknown[]; category: string }[];
    assert.deepEqual(rows.map((n) => n.id).sort(), [...IDS, 'example'].sort());
    const example = rows.find((n) => n.id === 'example')!;
    assert.deepEqual(
      { name: example.name, source: example.source, category: example.category, tokens: example.tokens },
      { name: 'Example Network', source: 'depin-plugin-example', category: 'storage', tokens: [{ symbol: 'ETH', chain: 'ethereum', legacy: false }] },
    );
    assert.deepEqual(
      plugins.find((p) => p.name === 'example'),
      { name: 'example', source: 'depin-plugin-example', version: '1.2.3', apiVersion: 1, status: 'enabled', reason: null },
    );
  });

  it('a plugin that throws while loading: installed but disabled, exit 1, and other commands still work', async () => {
    const r = await runCli(['plugins', 'add', fixture('depin-plugin-throws')], { env });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /error: depin-plugin-throws was installed but is disabled: failed to load: boom: this plugin fails while loading\n {2}Remove it with `depin plugins remove depin-plugin-throws`\./,
    );
    assert.deepEqual(dependencies(), ['depin-plugin-example', 'depin-plugin-throws']);

    const [detect, plugins, wallets] = await Promise.all([runCli(['detect', '--json'], { env }), list(), runCli(['wallet', 'list', '--json'], { env })]);
    assert.equal(detect.code, 0, detect.stderr);
    const doc = detect.json();
    assert.deepEqual(doc.disabledPlugins, [
      { name: 'depin-plugin-throws', source: 'depin-plugin-throws', reason: 'failed to load: boom: this plugin fails while loading' },
    ]);
    assert.deepEqual(doc.networks.map((n: { id: string }) => n.id).sort(), [...IDS, 'example'].sort());
    assert.match(detect.stderr, /warning: plugin depin-plugin-throws is disabled: failed to load: boom/);
    const broken = plugins.find((p) => p.name === 'depin-plugin-throws')!;
    assert.deepEqual({ status: broken.status, reason: broken.reason }, { status: 'disabled', reason: 'failed to load: boom: this plugin fails while loading' });
    assert.equal(plugins.filter((p) => p.status === 'enabled').length, 14);
    assert.equal(wallets.code, 0, wallets.stderr);
    assert.deepEqual(wallets.json(), { wallets: [] });
  });

  it('a plugin importing depin/plugin-api loads: depin links itself into the plugins folder', async () => {
    // Packed like a registry download, so npm copies it into the plugins folder instead of linking
    // to the fixture (a link would resolve imports from the fixture's own location).
    const { execFileSync } = await import('node:child_process');
    const packed = execFileSync('npm', ['pack', fixture('depin-plugin-typed'), '--pack-destination', home.dir, '--silent'], { env, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    const r = await runCli(['plugins', 'add', join(home.dir, packed)], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /network "typed" is now available/);
    const networks = await runCli(['networks', '--json'], { env });
    assert.ok(networks.json().networks.some((n: { id: string }) => n.id === 'typed'));
    const removed = await runCli(['plugins', 'remove', 'typed'], { env });
    assert.equal(removed.code, 0, removed.stderr);
  });

  it('add and remove --json: one document on stdout, a disabled plugin with its reason, errors as {"error": …}', async () => {
    // Installed by the tests above; left installed for the one below.
    let r = await runCli(['plugins', 'remove', 'throws', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json(), { removed: { name: 'depin-plugin-throws' } });
    r = await runCli(['plugins', 'add', fixture('depin-plugin-throws'), '--json'], { env });
    assert.equal(r.code, 1);
    assert.deepEqual(r.json(), {
      plugin: { name: 'depin-plugin-throws', id: null, status: 'disabled', reason: 'failed to load: boom: this plugin fails while loading' },
    });
    r = await runCli(['plugins', 'add', fixture('depin-plugin-example'), '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json(), { plugin: { name: 'depin-plugin-example', id: 'example', status: 'enabled', reason: null } });
    const [builtin, notPlugin] = await Promise.all([
      runCli(['plugins', 'remove', 'render', '--json'], { env }),
      runCli(['plugins', 'add', 'left-pad', '--json'], { env }),
    ]);
    for (const e of [builtin, notPlugin]) {
      assert.equal(e.code, 2, e.stderr);
      assert.equal(e.json().error.exitCode, 2);
    }
    assert.match(builtin.json().error.message, /"render" is a built-in network/);
  });

  it('remove takes the package name or its short name; built-ins and unknown names are exit 2', async () => {
    let r = await runCli(['plugins', 'remove', 'depin-plugin-throws'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'removed depin-plugin-throws\n');
    r = await runCli(['plugins', 'remove', 'example'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'removed depin-plugin-example\n');
    assert.deepEqual(dependencies(), []);
    assert.equal(existsSync(join(pluginsDir, 'node_modules', 'depin-plugin-example')), false);

    const [builtin, unknown, plugins] = await Promise.all([
      runCli(['plugins', 'remove', 'render'], { env }),
      runCli(['plugins', 'remove', 'depin-plugin-nope'], { env }),
      list(),
    ]);
    assert.equal(builtin.code, 2);
    assert.match(builtin.stderr, /error: "render" is a built-in network and cannot be removed/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /error: plugin "depin-plugin-nope" is not installed/);
    assert.deepEqual(plugins.map((p) => p.name).sort(), IDS);
  });
});
