import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, tempHome } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { resolvePaths } from '../../src/store/paths.js';
import { makePluginsDir } from '../plugins-host/fixture-dir.js';
import { arweaveAddress, startLoopbackArweave, type LoopbackArweave } from '../helpers/loopback-arweave.js';

const IDS = ['akash', 'arweave', 'filecoin', 'grass', 'helium', 'hivemapper', 'ionet', 'iotex', 'nosana', 'peaq', 'render', 'roam', 'storj'];

interface PluginRow {
  name: string;
  source: string;
  version: string | null;
  apiVersion: number | null;
  status: 'enabled' | 'disabled';
  reason: string | null;
  settings?: string[];
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
        { source: 'builtin', status: 'enabled', reason: null, apiVersion: 2 },
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
      { name: 'example', source: 'depin-plugin-example', version: '1.2.3', apiVersion: 1, status: 'enabled', reason: null, settings: [] },
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

/**
 * Third-party plugins that misbehave at run time, installed in the plugins folder as npm leaves
 * them: every command still exits promptly, with its own exit code and one valid JSON document.
 */
describe('plugins cannot break the CLI', { timeout: 180_000 }, () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env: NodeJS.ProcessEnv = { ...home.env, DEPIN_PRICES_URL: 'http://127.0.0.1:9' };
  const paths = resolvePaths(env);
  let arweave: LoopbackArweave;
  const wallet = arweaveAddress('misbehaving-plugins');

  /** Runs the CLI and measures how long it took; a command that hangs is killed after 20 s. */
  const timed = async (args: string[]) => {
    const started = Date.now();
    const result = await runCli(args, { env, timeoutMs: 20_000 });
    return { ...result, ms: Date.now() - started };
  };

  before(async () => {
    arweave = await startLoopbackArweave({ wallets: { [wallet]: 3_000_000_000_000n } });
    env.DEPIN_RPC_ARWEAVE = arweave.url;
    makePluginsDir(paths.data, {
      'depin-plugin-hangs': 'depin-plugin-hangs',
      'depin-plugin-timer': 'depin-plugin-timer',
      'depin-plugin-noisy': 'depin-plugin-noisy',
      'depin-plugin-stuck': 'depin-plugin-stuck',
      'depin-plugin-bad-health': 'depin-plugin-bad-health',
    });
    mkdirSync(paths.config, { recursive: true });
    // Short HTTP bounds keep the reward deadline short; `hangs.*` belongs to the plugin that never loads.
    writeFileSync(paths.configFile, JSON.stringify({ http: { timeoutMs: 300, retries: 0 }, hangs: { anything: 'kept' } }));
  });
  after(() => arweave?.close());

  it('plugins list: the hanging import is disabled with the reason; the rest are enabled; no timer holds the process', async () => {
    const r = await timed(['plugins', 'list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    const rows = r.json().plugins as PluginRow[];
    const hangs = rows.find((p) => p.name === 'depin-plugin-hangs')!;
    assert.deepEqual(
      { status: hangs.status, reason: hangs.reason },
      { status: 'disabled', reason: 'failed to load: its import did not finish within 3000 ms' },
    );
    for (const id of ['timer', 'noisy', 'stuck', 'bad-health']) assert.equal(rows.find((p) => p.name === id)?.status, 'enabled', id);
    assert.deepEqual(rows.find((p) => p.name === 'stuck')!.settings, ['stuck.endpoint', 'stuck.region']);
    // What the noisy plugin printed while loading went to stderr.
    assert.match(r.stderr, /noisy: console\.log while loading/);
    assert.match(r.stderr, /noisy: process\.stdout\.write while loading/);
  });

  it('--json output stays one JSON document whatever plugins print; the table output still works', async () => {
    const [networks, wallets, table] = await Promise.all([timed(['networks', '--json']), timed(['wallet', 'list', '--json']), timed(['plugins', 'list'])]);
    assert.equal(networks.code, 0, networks.stderr);
    assert.ok(networks.json().networks.some((n: { id: string }) => n.id === 'noisy'));
    assert.equal(wallets.code, 0, wallets.stderr);
    assert.deepEqual(wallets.json(), { wallets: [] });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /depin-plugin-hangs.*disabled/);
  });

  it("a plugin's settings are config keys: listed, checked, stored", async () => {
    const list = await timed(['config', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const keys = list.json().keys as { key: string; value: unknown; source: string }[];
    assert.deepEqual(
      keys.find((k) => k.key === 'stuck.endpoint'),
      { key: 'stuck.endpoint', value: 'http://127.0.0.1:9', source: 'default', description: 'where the stuck network answers (never)' },
    );
    assert.ok(keys.some((k) => k.key === 'storj.dashboardUrl'));
    const bad = await timed(['config', 'set', 'stuck.region', 'Europe']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid value for "stuck\.region": must be two lower-case letters/);
    const good = await timed(['config', 'set', 'stuck.region', 'eu']);
    assert.equal(good.code, 0, good.stderr);
    const get = await timed(['config', 'get', 'stuck.region', '--json']);
    assert.equal(get.json().value, 'eu');
    const unknown = await timed(['config', 'get', 'stuck.regoin']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Did you mean "stuck\.region"\?/);
  });

  it('earnings: a reward source that never resolves, one that throws and one that prints cost nothing but their own readings', async () => {
    for (const network of ['stuck', 'bad-health', 'noisy']) {
      const address = network === 'stuck' ? wallet : arweaveAddress(network);
      const add = await timed(['wallet', 'add', address, '--chain', 'arweave', '--network', network, '--label', network]);
      assert.equal(add.code, 0, add.stderr);
    }
    const r = await timed(['earnings', '--json', '--network', 'stuck']);
    // Partial (5): the stuck source is reported; the chain read is kept.
    assert.equal(r.code, 5, r.stderr);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    const doc = r.json();
    assert.ok(JSON.stringify(doc).includes(wallet), 'the arweave balance read is in the output');
    assert.deepEqual(
      doc.sourceFailures.map((f: { network: string; status: string; reason: string }) => [f.network, f.status, f.reason]),
      [['stuck', 'unreachable', 'plugin stuck (rewards:stuck-pending): did not finish within 1300 ms']],
    );

    const all = await timed(['earnings', '--json']);
    assert.equal(all.code, 5, all.stderr);
    const failures = all.json().sourceFailures as { network: string; reason: string }[];
    assert.deepEqual(failures.map((f) => f.network).sort(), ['bad-health', 'stuck']);
    assert.match(failures.find((f) => f.network === 'bad-health')!.reason, /plugin bad-health \(rewards:bad-rewards\): failed: rewards exploded/);
    assert.match(all.stderr, /noisy: console\.log from a reward source/);
  });
});
