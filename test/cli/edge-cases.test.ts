import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BIN, runCli, tempHome } from '../helpers/cli.js';
import { breakLongWords, renderTable } from '../../src/cli/output.js';

describe('config numbers', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const env = home.env;

  it('rejects values that only Number() would read as numbers, accepts digits with spaces', async () => {
    for (const value of ['', ' ', '0x10', '1e3', '0b11', 'true']) {
      const r = await runCli(['config', 'set', 'http.retries', value], { env });
      assert.equal(r.code, 2, `"${value}" was accepted: ${r.stderr}`);
      assert.match(r.stderr, /whole number/);
    }
    const r = await runCli(['config', 'set', 'http.timeoutMs', ' 5000 '], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await runCli(['config', 'get', 'http.timeoutMs', '--json'], { env })).json().value, 5000);
  });

  it('shows an unset key as value null in JSON, and stores a URL without the spaces pasted around it', async () => {
    const get = await runCli(['config', 'get', 'filecoin.minerId', '--json'], { env });
    assert.equal(get.code, 4);
    assert.equal(get.json().value, null);
    const list = await runCli(['config', 'list', '--json'], { env });
    assert.equal(list.json().keys.find((k: { key: string }) => k.key === 'filecoin.minerId').value, null);
    assert.equal((await runCli(['config', 'set', 'rpc.solana', ' http://127.0.0.1:8899 '], { env })).code, 0);
    assert.equal((await runCli(['config', 'get', 'rpc.solana'], { env })).stdout, 'http://127.0.0.1:8899\n');
  });

  it('reports null, true and [] in the config file instead of reading them as 0 or 1', async () => {
    const file = join(env.DEPIN_HOME!, 'config', 'config.json');
    mkdirSync(join(env.DEPIN_HOME!, 'config'), { recursive: true });
    for (const raw of ['null', 'true', '[]']) {
      writeFileSync(file, `{"http": {"retries": ${raw}}}\n`);
      const r = await runCli(['config', 'get', 'http.retries'], { env });
      assert.equal(r.code, 1, `${raw} was accepted: ${r.stdout}`);
      assert.match(r.stderr, /invalid value for "http\.retries"/);
    }
    writeFileSync(file, '{}\n');
  });
});

describe('usage errors with --json', () => {
  const home = tempHome();
  after(() => home.cleanup());

  for (const args of [
    ['wallet', 'list', '--json', '--bogus'],
    ['earnings', '--json', '--since'],
    ['wallet', 'list', '--json', 'extra'],
  ]) {
    it(`prints the error as JSON on stdout: ${args.join(' ')}`, async () => {
      const r = await runCli(args, { env: home.env });
      assert.equal(r.code, 2);
      const doc = r.json();
      assert.equal(doc.error.code, 'USAGE');
      assert.equal(doc.error.exitCode, 2);
      assert.ok(!doc.error.message.startsWith('error:'), doc.error.message);
      assert.match(r.stderr, /^error: /);
    });
  }

  it('prints nothing on stdout without --json', async () => {
    const r = await runCli(['wallet', 'list', '--bogus'], { env: home.env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
  });
});

describe('Ctrl-C during earnings', () => {
  const home = tempHome();
  let server: Server;
  let requested: () => void;
  let url = '';
  before(async () => {
    // Accepts every request and never answers: only the user can end the wait.
    server = createServer(() => requested?.());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const added = await runCli(['wallet', 'add', '0x1111111111111111111111111111111111111111', '--chain', 'ethereum'], { env: home.env });
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    home.cleanup();
  });

  for (const json of [false, true]) {
    it(`exits 130 at once with no stack trace${json ? ' (--json)' : ''}`, async () => {
      const env = { ...home.env, DEPIN_RPC_ETHEREUM: url, DEPIN_PRICES_URL: url };
      const seen = new Promise<void>((resolve) => (requested = resolve));
      const child = spawn(process.execPath, [BIN, 'earnings', ...(json ? ['--json'] : [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      await seen;
      child.kill('SIGINT');
      // Without the handler the command waits out every timeout and retry; the kill is a safety net.
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await closed;
      clearTimeout(guard);
      assert.equal(code, 130, stderr);
      assert.match(stderr, /cancelled/);
      assert.doesNotMatch(stderr, /\n\s+at /);
      if (json) assert.equal(JSON.parse(stdout).error.code, 'CANCELLED');
      else assert.equal(stdout, '');
    });
  }
});

describe('file-system refusals', () => {
  const home = tempHome();
  after(() => home.cleanup());

  it('are reported with a fix, not as a bug in depin', async () => {
    const env = home.env;
    assert.equal((await runCli(['wallet', 'add', '0x2222222222222222222222222222222222222222', '--chain', 'ethereum'], { env })).code, 0);
    // A file where the data folder should be: the history database cannot be created.
    writeFileSync(join(env.DEPIN_HOME!, 'data'), '');
    const r = await runCli(['earnings', '--offline', '--json'], { env });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.json().error.code, 'FILE_SYSTEM');
    assert.match(r.json().error.suggestion, /DEPIN_HOME/);
    assert.doesNotMatch(r.stderr, /bug in depin/);
  });
});

describe('tables', () => {
  it('wraps a word wider than its column instead of cutting it', async () => {
    const address = 'io1yg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zsjhlxm';
    const text = await renderTable(['label', 'address'], [['日本語🚀日本語🚀日本語🚀', address]], { colour: false, maxWidth: 40 });
    assert.doesNotMatch(text, /…/);
    const cells = text
      .split('\n')
      .filter((l) => l.startsWith('│'))
      .map((l) => l.split('│')[2].trim());
    assert.equal(cells.slice(1).join(''), address);
  });

  it('breaks only the long words, by display width', () => {
    assert.equal(breakLongWords('short words stay', 6), 'short words stay');
    assert.equal(breakLongWords('abcdefgh', 3), 'abc\ndef\ngh');
    assert.equal(breakLongWords('日本語日', 4), '日本\n語日');
  });
});

describe('spinner', () => {
  it('stays silent on a terminal that reports 0 columns', async () => {
    const spinner = new URL('../../src/cli/spinner.js', import.meta.url).href;
    const script = `
      Object.defineProperty(process.stderr, 'isTTY', { value: true });
      Object.defineProperty(process.stderr, 'columns', { value: 0 });
      let written = '';
      process.stderr.write = (s) => { written += s; return true; };
      const { startSpinner } = await import(${JSON.stringify(spinner)});
      const s = await startSpinner('reading', { enabled: true });
      s.update('still reading');
      await new Promise((r) => setTimeout(r, 200));
      s.stop();
      process.stdout.write(JSON.stringify(written));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // ora divides by the column count; without the guard it clears Infinity lines and never ends.
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(guard);
    assert.equal(code, 0, 'the spinner never stopped');
    assert.equal(JSON.parse(out), '');
  });
});
