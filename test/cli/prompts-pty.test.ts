// Every prompt, answered on a real pseudo-terminal: the built CLI runs in a tmux pane (stdin and
// stderr on the terminal, stdout redirected to a file), keys are sent as a user types them, and
// the pane is read back. Without tmux these tests skip and say why.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT, tempHome } from '../helpers/cli.js';
import { resolvePaths } from '../../src/store/paths.js';

const NO_TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { stdio: 'ignore' }).status === 0 ? undefined : 'tmux is not installed (Debian: apt install tmux)';

const HEX = '0xb8744ae4032be5e5ef9fab94ee9c3bf38d5d2ae0';
const IO1 = 'io1hp6y4eqr90j7tmul4w2wa8pm7wx462hq0mg4tw';
const CHECKSUMMED = '0xB8744aE4032Be5E5ef9FaB94ee9C3bf38D5D2AE0';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One tmux server on a private socket, so nothing of the user's own tmux is touched. */
class Terminal {
  private runs = 0;
  constructor(
    private readonly socket: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
  ) {}

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { env: this.env, encoding: 'utf8' });
    assert.equal(r.status, 0, `tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /**
   * Starts `argv` (after `node`) in a new 200×30 pane with stdout going to a file. The pane stays
   * open after the command ends, so what it printed last can still be read.
   */
  start(argv: string[]): Run {
    const id = `run${this.runs++}`;
    const stdout = join(this.dir, `${id}.out`);
    const code = join(this.dir, `${id}.code`);
    const command = `${[process.execPath, ...argv].map(quote).join(' ')} > ${quote(stdout)}; echo $? > ${quote(code)}; sleep 600`;
    this.tmux('new-session', '-d', '-s', id, '-x', '200', '-y', '30', '-c', REPO_ROOT, command);
    return new Run(this, id, stdout, code);
  }

  send(target: string, keys: string[]): void {
    this.tmux('send-keys', '-t', target, ...keys);
  }

  type(target: string, text: string): void {
    this.tmux('send-keys', '-t', target, '-l', text);
  }

  screen(target: string): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', target);
  }

  stop(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { env: this.env, stdio: 'ignore' });
  }
}

class Run {
  constructor(
    private readonly terminal: Terminal,
    readonly id: string,
    private readonly stdoutFile: string,
    private readonly codeFile: string,
  ) {}

  keys(...keys: string[]): void {
    this.terminal.send(this.id, keys);
  }

  type(text: string): void {
    this.terminal.type(this.id, text);
  }

  screen(): string {
    return this.terminal.screen(this.id);
  }

  /** Waits until the pane shows `pattern`; fails with the pane's text after 20 s. */
  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = this.screen();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) assert.fail(`the terminal never showed ${pattern}; it shows:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits for the command to end: its exit code, its stdout and the final screen. */
  async done(): Promise<{ code: number; stdout: string; screen: string }> {
    const deadline = Date.now() + 20_000;
    while (!existsSync(this.codeFile) || readFileSync(this.codeFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) assert.fail(`the command did not end; the terminal shows:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { code: Number(readFileSync(this.codeFile, 'utf8').trim()), stdout: readFileSync(this.stdoutFile, 'utf8'), screen: this.screen() };
  }
}

describe('prompts on a real terminal (tmux)', { skip: NO_TMUX }, () => {
  const home = tempHome();
  // Whatever CI says about the outer process, this pane is a terminal with a person at it.
  const env: NodeJS.ProcessEnv = { ...home.env, TERM: 'xterm-256color', CI: undefined };
  delete env.CI;
  const terminal = new Terminal(join(home.dir, 'tmux.sock'), env, home.dir);
  const wallets = () => {
    const file = resolvePaths(env).walletsFile;
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).wallets as { address: string; chain: string }[]) : [];
  };
  // No start-server first: a server with no session exits at once, and a new-session racing that
  // exit fails with "server exited unexpectedly". The first new-session starts the server itself.
  after(() => {
    terminal.stop();
    home.cleanup();
  });

  it('wallet add 0x… without --chain: a select on stderr, arrow keys pick the chain, stdout stays empty', async () => {
    const run = terminal.start([BIN, 'wallet', 'add', HEX]);
    const screen = await run.waitFor(/Which chain is 0x[0-9a-f]{40} on\?/);
    assert.match(screen, /ethereum/);
    assert.match(screen, /iotex/);
    assert.match(screen, /peaq/);
    run.keys('Down', 'Down', 'Enter');
    const end = await run.done();
    assert.equal(end.code, 0, end.screen);
    assert.equal(end.stdout, '');
    assert.match(end.screen, new RegExp(`tracking ${CHECKSUMMED} on peaq \\(watch-only\\)`));
    assert.doesNotMatch(end.screen, /bug in depin/);
    assert.deepEqual(
      wallets().map((w) => [w.address, w.chain]),
      [[CHECKSUMMED, 'peaq']],
    );
  });

  it('wallet add --json with the prompt: stdout is exactly the JSON document', async () => {
    const run = terminal.start([BIN, 'wallet', 'add', HEX, '--json']);
    await run.waitFor(/Which chain is/);
    run.keys('Enter');
    const end = await run.done();
    assert.equal(end.code, 0, end.screen);
    assert.equal(JSON.parse(end.stdout).wallet.chain, 'ethereum');
  });

  it('Ctrl-C at the prompt cancels: exit 130 and nothing written', async () => {
    const before = wallets();
    const run = terminal.start([BIN, 'wallet', 'add', HEX]);
    await run.waitFor(/Which chain is/);
    run.keys('C-c');
    const end = await run.done();
    assert.equal(end.code, 130, end.screen);
    assert.equal(end.stdout, '');
    assert.deepEqual(wallets(), before);
  });

  it('wallet remove of an address on several chains: pick one, then all of them', async () => {
    let run = terminal.start([BIN, 'wallet', 'add', HEX, '--chain', 'iotex']);
    assert.equal((await run.done()).code, 0);
    assert.deepEqual(
      wallets().map((w) => w.chain),
      ['peaq', 'ethereum', 'iotex'],
    );

    run = terminal.start([BIN, 'wallet', 'remove', HEX]);
    let screen = await run.waitFor(/all of them/);
    // inquirer wraps long questions itself, so the lines are joined before matching.
    assert.match(screen.replace(/\n/g, ''), new RegExp(`tracked on 3 chains \\(peaq ${CHECKSUMMED}, ethereum ${CHECKSUMMED}, iotex ${IO1}\\)`));
    run.keys('Down', 'Down', 'Enter');
    let end = await run.done();
    assert.equal(end.code, 0, end.screen);
    assert.equal(end.stdout, '');
    assert.match(end.screen, new RegExp(`stopped tracking ${IO1} \\(iotex\\)`));
    assert.deepEqual(
      wallets().map((w) => w.chain),
      ['peaq', 'ethereum'],
    );

    run = terminal.start([BIN, 'wallet', 'remove', CHECKSUMMED]);
    screen = await run.waitFor(/all of them/);
    run.keys('Down', 'Down', 'Enter');
    end = await run.done();
    assert.equal(end.code, 0, end.screen);
    assert.match(end.screen, /stopped tracking 0x\S+ \(peaq\)/);
    assert.match(end.screen, /stopped tracking 0x\S+ \(ethereum\)/);
    assert.deepEqual(wallets(), []);
  });

  it('text and secret questions: validation on the terminal, the secret masked, answers on stdout only', async () => {
    // The prompt module itself, as a command's questions reach it: a default, a validator, a secret.
    const prompt = new URL('../../src/cli/prompt.js', import.meta.url).href;
    const script = `const { ask } = await import(${JSON.stringify(prompt)});
const answers = await ask([
  { key: 'name', message: 'Node name?', flag: '--set name=<name>', default: 'rig-1', validate: (v) => (/^[a-z0-9-]+$/.test(v) ? undefined : 'lowercase letters, digits and dashes') },
  { key: 'token', message: 'API token?', flag: '--set token=<token>', secret: true },
  { key: 'region', message: 'Region?', flag: '--set region=<region>', choices: ['eu', 'us', 'asia'], default: 'us' },
], { given: {}, yes: false, interactive: true });
process.stdout.write(JSON.stringify(answers));`;
    const run = terminal.start(['--input-type=module', '-e', script]);
    await run.waitFor(/Node name\?.*rig-1/);
    run.keys('BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
    run.type('Bad Name');
    run.keys('Enter');
    await run.waitFor(/lowercase letters, digits and dashes/);
    for (let i = 0; i < 8; i++) run.keys('BSpace');
    run.type('gpu-7');
    run.keys('Enter');
    await run.waitFor(/API token\?/);
    run.type('s3cret-t0ken');
    await run.waitFor(/API token\? \*{12}/);
    run.keys('Enter');
    const screen = await run.waitFor(/Region\?/);
    // The default choice is the one highlighted first.
    assert.match(screen, /❯ us|> us/);
    run.keys('Down', 'Enter');
    const end = await run.done();
    assert.equal(end.code, 0, end.screen);
    assert.deepEqual(JSON.parse(end.stdout), { name: 'gpu-7', token: 's3cret-t0ken', region: 'asia' });
    assert.doesNotMatch(end.screen, /s3cret/);
  });
});
