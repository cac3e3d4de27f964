import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';

describe('depin config', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const file = join(env.DEPIN_HOME!, 'config', 'config.json');

  it('get shows the default, set writes the file, env overrides it, unset removes it', async () => {
    let r = await runCli(['config', 'get', 'rpc.solana', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual({ value: r.json().value, source: r.json().source }, { value: 'https://api.mainnet-beta.solana.com', source: 'default' });

    r = await runCli(['config', 'set', 'rpc.solana', 'http://127.0.0.1:8899'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { rpc: { solana: 'http://127.0.0.1:8899' } });

    r = await runCli(['config', 'get', 'rpc.solana'], { env });
    assert.equal(r.stdout.trim(), 'http://127.0.0.1:8899');

    r = await runCli(['config', 'get', 'rpc.solana', '--json'], { env: { ...env, DEPIN_RPC_SOLANA: 'http://127.0.0.1:9999' } });
    assert.equal(r.json().value, 'http://127.0.0.1:9999');
    assert.equal(r.json().source, 'env');

    r = await runCli(['config', 'set', 'http.retries', '5'], { env });
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(['config', 'list', '--json'], { env });
    const keys = r.json().keys as { key: string; value: unknown; source: string }[];
    assert.equal(keys.find((k) => k.key === 'http.retries')!.source, 'file');
    assert.equal(keys.find((k) => k.key === 'http.retries')!.value, 5);

    r = await runCli(['config', 'unset', 'rpc.solana'], { env });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { http: { retries: 5 } });
  });

  it('an unknown key is exit 2 with a suggestion, and nothing is written', async () => {
    const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const r = await runCli(['config', 'set', 'rpc.solanna', 'http://x.example'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown config key "rpc\.solanna"/);
    assert.match(r.stderr, /Did you mean "rpc\.solana"/);
    assert.equal(existsSync(file) ? readFileSync(file, 'utf8') : null, before);
  });

  it('an invalid value is rejected naming the key, and the file is unchanged', async () => {
    const before = readFileSync(file, 'utf8');
    let r = await runCli(['config', 'set', 'rpc.ethereum', 'not a url'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid value for "rpc\.ethereum": must be an http:\/\/ or https:\/\/ URL/);
    r = await runCli(['config', 'set', 'http.retries', '-1'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /http\.retries/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('an invalid env override is a usage error naming the variable', async () => {
    const r = await runCli(['config', 'get', 'rpc.peaq'], { env: { ...env, DEPIN_RPC_PEAQ: 'ftp://nope' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DEPIN_RPC_PEAQ/);
  });

  it('--json errors are one JSON document on stdout', async () => {
    const r = await runCli(['config', 'get', 'nope.key', '--json'], { env });
    assert.equal(r.code, 2);
    assert.equal(r.json().error.code, 'USAGE');
  });
});

describe('depin config with a corrupt or invalid file', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const dir = join(env.DEPIN_HOME!, 'config');
  const file = join(dir, 'config.json');

  it('a corrupt file is exit 1 naming the file, and stays byte for byte', async () => {
    mkdirSync(dir, { recursive: true });
    const corrupt = '{"rpc": {"solana": "http://127.0.0.1:1"'; // truncated
    writeFileSync(file, corrupt);
    for (const args of [
      ['config', 'list'],
      ['config', 'set', 'rpc.solana', 'http://127.0.0.1:2'],
      ['config', 'unset', 'rpc.solana'],
    ]) {
      const r = await runCli(args, { env });
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`config file .*config\\.json is not valid JSON`));
      assert.equal(readFileSync(file, 'utf8'), corrupt);
    }
  });

  it('a value in the file that the schema rejects names the file and the key', async () => {
    const bad = JSON.stringify({ http: { timeoutMs: 'soon' } });
    writeFileSync(file, bad);
    const r = await runCli(['config', 'get', 'http.timeoutMs'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /config file .*config\.json: invalid value for "http\.timeoutMs"/);
    assert.equal(readFileSync(file, 'utf8'), bad);
  });

  it('an unknown key in the file names it', async () => {
    const bad = JSON.stringify({ rpc: { dogecoin: 'http://127.0.0.1:1' } });
    writeFileSync(file, bad);
    const r = await runCli(['config', 'list'], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown config key "rpc\.dogecoin"/);
    assert.equal(readFileSync(file, 'utf8'), bad);
  });
});

describe('depin config set/unset --json', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;
  const file = join(env.DEPIN_HOME!, 'config', 'config.json');

  it('print one JSON document on stdout, and nothing else', async () => {
    let r = await runCli(['config', 'set', 'http.retries', '4', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json(), { key: 'http.retries', value: 4, file });
    assert.equal(r.stderr, '');
    r = await runCli(['config', 'unset', 'http.retries', '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json(), { key: 'http.retries', removed: true, file });
    r = await runCli(['config', 'unset', 'http.retries', '--json'], { env });
    assert.deepEqual(r.json(), { key: 'http.retries', removed: false, file });
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {});
  });

  it('report errors as {"error": …} with the exit code', async () => {
    const [badKey, badValue, badUnset] = await Promise.all([
      runCli(['config', 'set', 'rpc.solanna', 'http://127.0.0.1:1', '--json'], { env }),
      runCli(['config', 'set', 'http.retries', 'many', '--json'], { env }),
      runCli(['config', 'unset', 'nope', '--json'], { env }),
    ]);
    for (const r of [badKey, badValue, badUnset]) {
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.json().error.exitCode, 2);
    }
    assert.match(badKey.json().error.message, /unknown config key "rpc.solanna"/);
    assert.match(badValue.json().error.message, /http.retries/);
  });
});

describe('depin --help', () => {
  it('lists every environment variable depin reads', async () => {
    const home = tempHome();
    after(() => home.cleanup());
    const r = await runCli(['--help'], { env: home.env });
    assert.equal(r.code, 0, r.stderr);
    const section = r.stdout.slice(r.stdout.indexOf('Environment:'));
    for (const name of [
      'DEPIN_HOME',
      'DEPIN_RPC_<CHAIN>',
      'DEPIN_PRICES_URL',
      'DEPIN_COINGECKO_KEY',
      'DEPIN_LOTUS_TOKEN',
      'DEPIN_IP_ECHO_URL',
      'DEPIN_PASSPHRASE',
      'DEPIN_SECRETS_BACKEND',
      'DEPIN_DEBUG',
      'NO_COLOR',
    ]) {
      assert.match(section, new RegExp(`^  ${name.replace(/[<>]/g, '.')} +\\S`, 'm'), name);
    }
    // The help answered without loading the CLI comes from the same text.
    const subcommand = await runCli(['config', 'set', '--help'], { env: home.env });
    assert.match(subcommand.stdout, /--json/);
  });
});
