import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { resolvePaths } from '../../src/store/paths.js';

/**
 * The state files under parallel use, through the built CLI as users run it: every process that
 * exits 0 kept its change, and one that cannot get the file's lock says so and changes nothing.
 */

const evm = (i: number) => `0x${(0x5000 + i).toString(16).padStart(40, '0')}`;
const CONFIG_KEYS: [string, string][] = [
  ['rpc.solana', 'http://127.0.0.1:1001/'],
  ['rpc.ethereum', 'http://127.0.0.1:1002/'],
  ['rpc.iotex', 'http://127.0.0.1:1003/'],
  ['rpc.peaq', 'http://127.0.0.1:1004/'],
  ['rpc.filecoin', 'http://127.0.0.1:1005/'],
  ['rpc.akash', 'http://127.0.0.1:1006/'],
  ['rpc.arweave', 'http://127.0.0.1:1007/'],
  ['prices.url', 'http://127.0.0.1:1008/'],
  ['http.timeoutMs', '4321'],
  ['http.retries', '7'],
];

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function placeLock(target: string, pid: number): string {
  mkdirSync(dirname(target), { recursive: true });
  const text = JSON.stringify({ pid, hostname: hostname(), acquiredAt: new Date().toISOString(), token: 'other' });
  writeFileSync(`${target}.lock`, text);
  return text;
}

describe('no lost writes', { timeout: 180_000 }, () => {
  it('ten parallel `wallet add` runs keep all ten wallets (wallets.json 0600 in a 0700 folder)', async (t) => {
    const home = tempHome();
    t.after(home.cleanup);
    const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => runCli(['wallet', 'add', evm(i), '--chain', 'ethereum'], { env: home.env })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const list = await runCli(['wallet', 'list', '--json'], { env: home.env });
    const kept = list.json() as { address: string }[] | { wallets: { address: string }[] };
    const addresses = (Array.isArray(kept) ? kept : kept.wallets).map((w) => w.address.toLowerCase()).sort();
    assert.deepEqual(addresses, Array.from({ length: 10 }, (_, i) => evm(i)).sort());
    const { walletsFile } = resolvePaths(home.env);
    assert.equal(statSync(walletsFile).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(walletsFile)).mode & 0o777, 0o700);
    assert.equal(existsSync(`${walletsFile}.lock`), false, 'no lock is left behind');
  });

  it('ten parallel `config set` runs keep all ten keys', async (t) => {
    const home = tempHome();
    t.after(home.cleanup);
    const runs = await Promise.all(CONFIG_KEYS.map(([key, value]) => runCli(['config', 'set', key, value], { env: home.env })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const { configFile } = resolvePaths(home.env);
    const stored = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, Record<string, string | number>>;
    for (const [key, value] of CONFIG_KEYS) {
      const [group, name] = key.split('.');
      assert.equal(String(stored[group]?.[name]), value, `${key} was kept`);
    }
    assert.equal(statSync(configFile).mode & 0o777, 0o600);
    assert.equal(existsSync(`${configFile}.lock`), false);
  });

  it('a lock held by a live process: `wallet add` and `config set` wait, then exit 1 naming the file and the fix, changing nothing', async (t) => {
    const home = tempHome();
    t.after(home.cleanup);
    const { walletsFile, configFile } = resolvePaths(home.env);
    assert.equal((await runCli(['wallet', 'add', evm(0), '--chain', 'ethereum'], { env: home.env })).code, 0);
    assert.equal((await runCli(['config', 'set', 'http.retries', '2'], { env: home.env })).code, 0);
    const before = { wallets: readFileSync(walletsFile, 'utf8'), config: readFileSync(configFile, 'utf8') };
    const holder = liveProcess();
    const locks = [placeLock(walletsFile, holder.pid!), placeLock(configFile, holder.pid!)];
    const started = Date.now();
    const [wallet, config] = await Promise.all([
      runCli(['wallet', 'add', evm(1), '--chain', 'ethereum'], { env: home.env }),
      runCli(['config', 'set', 'http.retries', '5'], { env: home.env }),
    ]);
    const elapsed = Date.now() - started;
    for (const [r, file] of [
      [wallet, walletsFile],
      [config, configFile],
    ] as const) {
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(`error: ${file} is being changed by another depin process (pid ${holder.pid}`), r.stderr);
      assert.match(r.stderr, /gave up waiting after 5(\.\d)? s, nothing was changed/);
      assert.ok(r.stderr.includes(`delete the lock file ${file}.lock`), r.stderr);
      assert.doesNotMatch(r.stderr, /bug in depin/);
    }
    assert.ok(elapsed >= 4900, `waited the default 5 s (${elapsed} ms)`);
    assert.equal(readFileSync(walletsFile, 'utf8'), before.wallets);
    assert.equal(readFileSync(configFile, 'utf8'), before.config);
    assert.deepEqual([readFileSync(`${walletsFile}.lock`, 'utf8'), readFileSync(`${configFile}.lock`, 'utf8')], locks);
  });

  it('a lock left by a dead process is taken over: `wallet add` and `config set` succeed', async (t) => {
    const home = tempHome();
    t.after(home.cleanup);
    const { walletsFile, configFile } = resolvePaths(home.env);
    placeLock(walletsFile, deadPid());
    placeLock(configFile, deadPid());
    const [wallet, config] = await Promise.all([
      runCli(['wallet', 'add', evm(2), '--chain', 'ethereum'], { env: home.env }),
      runCli(['config', 'set', 'http.retries', '4'], { env: home.env }),
    ]);
    assert.equal(wallet.code, 0, wallet.stderr);
    assert.equal(config.code, 0, config.stderr);
    assert.match(readFileSync(walletsFile, 'utf8'), new RegExp(evm(2).slice(2), 'i'));
    assert.equal((JSON.parse(readFileSync(configFile, 'utf8')) as { http: { retries: number } }).http.retries, 4);
    assert.equal(existsSync(`${walletsFile}.lock`), false);
    assert.equal(existsSync(`${configFile}.lock`), false);
  });
});
