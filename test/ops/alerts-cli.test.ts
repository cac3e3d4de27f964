// `depin alerts test` and `depin secret set` through the built CLI, against loopback ntfy and webhook
// servers, with the encrypted-file secret store.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BIN, runCli, tempHome, type CliResult } from '../helpers/cli.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function server(respond: (n: number, r: Received) => [number, string]): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      got.push(r);
      const [status, text] = respond(got.length, r);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => s.close(() => resolve())));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, got };
}

/** The built CLI with `input` on stdin (not a terminal), as `printf %s "$TOKEN" | depin …` runs it. */
function runWithStdin(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
    child.stdin.end(input);
  });
}

const WEBHOOK_TOKEN = 'whk-5e1d0c7b-never-printed';
const NTFY_TOKEN = 'tk_ntfy_93af20de_never_printed';

function home() {
  const h = tempHome();
  after(() => h.cleanup());
  const env: NodeJS.ProcessEnv = { ...h.env, DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: 'correct horse battery staple' };
  const configFile = join(env.DEPIN_HOME!, 'config', 'config.json');
  const secretsFile = join(env.DEPIN_HOME!, 'data', 'secrets.enc');
  return { env, configFile, secretsFile };
}

function assertNoSecret(r: CliResult, ...secrets: string[]) {
  for (const s of secrets) {
    assert.ok(!r.stdout.includes(s), `secret in stdout: ${r.stdout}`);
    assert.ok(!r.stderr.includes(s), `secret in stderr: ${r.stderr}`);
  }
}

test('alerts test with no channel exits 4 naming the config keys to set', async () => {
  const { env } = home();
  const r = await runCli(['alerts', 'test'], { env });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /no alert channel is configured/);
  assert.match(r.stderr, /alerts\.ntfyUrl/);
  assert.match(r.stderr, /alerts\.webhookUrl/);
});

test('tokens stored from stdin reach both channels; a webhook failing twice still gets one test alert; no token is printed or in config', async () => {
  const { env, configFile, secretsFile } = home();
  const hook = await server((n) => (n <= 2 ? [503, 'busy'] : [200, 'ok']));
  const ntfy = await server(() => [200, '{"id":"t1"}']);
  for (const [name, value] of [
    ['alerts.webhook-token', `${WEBHOOK_TOKEN}\n`],
    ['alerts.ntfy-token', NTFY_TOKEN],
  ]) {
    const stored = await runWithStdin(['secret', 'set', name], env, value);
    assert.equal(stored.code, 0, stored.stderr);
    assert.match(stored.stderr, new RegExp(`${name.replace('.', '\\.')} stored in the encrypted file`));
    assertNoSecret(stored, WEBHOOK_TOKEN, NTFY_TOKEN);
  }
  assert.equal((await runCli(['config', 'set', 'alerts.webhookUrl', `${hook.url}/hook`], { env })).code, 0);
  assert.equal((await runCli(['config', 'set', 'alerts.ntfyUrl', `${ntfy.url}/depin-test`], { env })).code, 0);

  const r = await runCli(['alerts', 'test', '--json'], { env, timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(r, WEBHOOK_TOKEN, NTFY_TOKEN);
  const doc = r.json();
  assert.equal(doc.delivered, true);
  assert.deepEqual(
    doc.channels.map((c: { channel: string; delivered: boolean; token: boolean }) => [c.channel, c.delivered, c.token]),
    [
      ['ntfy', true, true],
      ['webhook', true, true],
    ],
  );
  assert.equal(hook.got.length, 3, 'two 503s, then the one delivery');
  assert.equal(hook.got[2].headers.authorization, `Bearer ${WEBHOOK_TOKEN}`, 'the trailing newline from stdin is not part of the token');
  assert.equal(JSON.parse(hook.got[2].body).kind, 'test');
  assert.equal(ntfy.got.length, 1);
  assert.equal(ntfy.got[0].path, '/depin-test');
  assert.equal(ntfy.got[0].headers.authorization, `Bearer ${NTFY_TOKEN}`);
  assert.equal(ntfy.got[0].headers.tags, 'test_tube');
  for (const req of [...hook.got, ...ntfy.got]) assert.ok(!req.body.includes(WEBHOOK_TOKEN) && !req.body.includes(NTFY_TOKEN));

  const config = readFileSync(configFile, 'utf8');
  const sealed = readFileSync(secretsFile, 'latin1');
  for (const s of [WEBHOOK_TOKEN, NTFY_TOKEN]) {
    assert.ok(!config.includes(s), 'token in the config file');
    assert.ok(!sealed.includes(s), 'token in clear in the secrets file');
  }

  // Cleared: the next test alert goes without an Authorization header.
  const cleared = await runCli(['secret', 'set', 'alerts.webhook-token', '--clear', '--json'], { env });
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.deepEqual(cleared.json(), { name: 'alerts.webhook-token', action: 'cleared', changed: true, backend: 'encrypted-file' });
  const again = await runCli(['secret', 'set', 'alerts.webhook-token', '--clear'], { env });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /was not stored; nothing changed/);
  const human = await runCli(['alerts', 'test'], { env });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^webhook: delivered to http:\/\/127\.0\.0\.1:\d+\/hook$/m);
  assert.match(human.stdout, /^ntfy: delivered to .* \(with token\)$/m);
  assert.equal(hook.got.length, 4);
  assert.equal(hook.got[3].headers.authorization, undefined);
});

test('a 401 whose body echoes the token: exit 1, the reason shown with the token redacted', async () => {
  const { env } = home();
  const hook = await server((_n, r) => [401, `invalid credentials ${r.headers.authorization}`]);
  assert.equal((await runWithStdin(['secret', 'set', 'alerts.webhook-token'], env, WEBHOOK_TOKEN)).code, 0);
  assert.equal((await runCli(['config', 'set', 'alerts.webhookUrl', `${hook.url}/hook`], { env })).code, 0);

  const json = await runCli(['alerts', 'test', '--json'], { env });
  assert.equal(json.code, 1, json.stderr);
  assertNoSecret(json, WEBHOOK_TOKEN);
  const [channel] = json.json().channels;
  assert.equal(channel.delivered, false);
  assert.match(channel.reason, /HTTP 401: invalid credentials Bearer \[redacted\]/);
  assert.equal(hook.got.length, 1, 'a 401 is not retried');

  const human = await runCli(['alerts', 'test'], { env });
  assert.equal(human.code, 1);
  assertNoSecret(human, WEBHOOK_TOKEN);
  assert.match(human.stdout, /^webhook: failed: http:\/\/127\.0\.0\.1:\d+\/hook: HTTP 401/m);
});

test('secret set refuses an unknown name, an empty stdin and a multi-line value, storing nothing', async () => {
  const { env, secretsFile } = home();
  const unknown = await runWithStdin(['secret', 'set', 'wallet.key'], env, 'x');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown secret "wallet\.key"/);
  assert.match(unknown.stderr, /alerts\.ntfy-token, alerts\.webhook-token, daemon\.token/);

  const empty = await runCli(['secret', 'set', 'daemon.token'], { env });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no value for daemon\.token on stdin/);

  const twoLines = await runWithStdin(['secret', 'set', 'daemon.token'], env, 'abc\ndef\n');
  assert.equal(twoLines.code, 2);
  assert.match(twoLines.stderr, /line break/);
  assert.equal(existsSync(secretsFile), false, 'nothing was written');

  const noPassphrase = await runWithStdin(['secret', 'set', 'daemon.token'], { ...env, DEPIN_PASSPHRASE: '' }, 'tok-123456');
  assert.equal(noPassphrase.code, 4);
  assert.match(noPassphrase.stderr, /DEPIN_PASSPHRASE/);
  assertNoSecret(noPassphrase, 'tok-123456');

  const ok = await runWithStdin(['secret', 'set', 'daemon.token', '--json'], env, 'tok-123456');
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(ok.json(), { name: 'daemon.token', action: 'stored', changed: true, backend: 'encrypted-file' });
  assertNoSecret(ok, 'tok-123456');
});
