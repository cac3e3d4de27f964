// `depin join render` end to end through the built CLI: a hand-off. A fake docker on PATH answers
// `docker version`/`docker info` with and without the nvidia runtime; the Compute Node API key goes
// to the encrypted secret store and nowhere else; status says plainly what it can and cannot see.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSecretStore } from '../../src/wallet/secrets/index.js';
import { createFakeBin, type FakeBinSpec } from '../helpers/fake-bin.js';
import { allOutput, joinSandbox, type JoinSandbox } from '../helpers/join-sandbox.js';
import type { CliResult } from '../helpers/cli.js';

const fixtures = (dir: string, name: string) => new URL(`../../../test/fixtures/${dir}/${name}`, import.meta.url).pathname;
// RENDER's mint account, a valid Solana address (test/fixtures/addresses/solana.json).
const WALLET = 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof';
const PUBLIC_KEY = 'pk_e2eRenderPublic7Hq2';
const SECRET_KEY = 'sk_e2eRenderSecret9Xw4Lm';
const STORE_PASSPHRASE = 'render-store-passphrase';
const GPU_FORMAT = '{{json .Runtimes}}|{{json .CDISpecDirs}}|{{.ServerVersion}}';
const DOCS = 'https://otoyinc.mintlify.app/node-operators/quickstart-for-node-operators';

/** docker as depin asks it: the server version, GPU runtimes, and what `detect` reads. */
function fakeDocker(bin: string, gpu: boolean): void {
  const spec: FakeBinSpec = {
    responses: [
      { when: ['--version'], stdoutFile: fixtures('hardware', 'docker-version-28.2.2.txt') },
      { when: ['version', '--format', '{{.Server.Version}}'], stdout: '26.1.3\n' },
      {
        when: ['info', '--format', GPU_FORMAT],
        stdoutFile: fixtures('joins', gpu ? 'docker-info-gpu-nvidia.composed.txt' : 'docker-info-gpu-runc-only.composed.txt'),
      },
    ],
    // detect's own `docker info --format …` (server version and runtime names).
    stdoutFile: fixtures('hardware', 'docker-info-composed-nvidia-runtime.txt'),
  };
  createFakeBin(bin, 'docker', spec);
}

const joinArgs = (extra: string[] = []) => [
  'join',
  'render',
  '--set',
  `wallet=${WALLET}`,
  '--set',
  `apiPublicKey=${PUBLIC_KEY}`,
  '--set',
  `apiSecretKey=${SECRET_KEY}`,
  ...extra,
];

/** No NVIDIA GPU is visible to depin's probe on this machine (so Render's GPU requirement fails). */
function noNvidiaGpu(): boolean {
  return !existsSync('/proc/driver/nvidia') && !existsSync('/dev/nvidia0');
}

function assertNoKey(where: string, text: string): void {
  for (const key of [PUBLIC_KEY, SECRET_KEY]) assert.ok(!text.includes(key), `${where} holds ${key.slice(0, 3)}… key`);
}

describe('depin join render (built CLI)', () => {
  let sb: JoinSandbox;
  const outputs: CliResult[] = [];

  before(() => {
    sb = joinSandbox({ env: { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: STORE_PASSPHRASE } });
  });
  after(() => sb?.cleanup());

  it('refuses a machine without an NVIDIA GPU (exit 3) unless --force', async (t) => {
    if (!noNvidiaGpu()) return t.skip('this machine has an NVIDIA driver, so it may meet Render’s requirements');
    fakeDocker(sb.bin, true);
    const r = await sb.run(joinArgs(['--yes']));
    outputs.push(r);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /does not qualify for Render/);
  });

  it('preflight fails when containers cannot reach the GPU (no nvidia runtime), with the fix, and stores nothing', async () => {
    fakeDocker(sb.bin, false);
    const r = await sb.run(joinArgs(['--yes', '--force']));
    outputs.push(r);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ok {3}Docker: engine 26\.1\.3/);
    assert.match(r.stderr, /FAIL GPU access from containers: Docker has no nvidia runtime/);
    assert.match(r.stderr, /fix: install the NVIDIA Container Toolkit .*nvidia-ctk runtime configure --runtime=docker/);
    assert.equal(existsSync(join(sb.data, 'secrets.enc')), false);
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
  });

  it('--dry-run passes preflight with the nvidia runtime and lists the manual steps with links', async () => {
    fakeDocker(sb.bin, true);
    const human = await sb.run(joinArgs(['--yes', '--force', '--dry-run']));
    const json = await sb.run(joinArgs(['--yes', '--force', '--dry-run', '--json']));
    outputs.push(human, json);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stderr, /ok {3}GPU access from containers: nvidia runtime \(Docker 26\.1\.3\)/);
    assert.match(human.stderr, /warn bandwidth/);
    assert.match(human.stdout, /! by hand: Join the Render compute waitlist and get approved/);
    assert.ok(human.stdout.includes(`Install the Dispersed client and register this node (${DOCS})`), human.stdout);
    assert.ok(human.stdout.includes('https://otoyinc.mintlify.app/api-key'), human.stdout);
    assert.match(human.stdout, /\+ create: secret apiSecretKey \(Compute Node API key \(secret part\)\)\n {4}keep apiSecretKey in depin's secret store/);
    assert.match(human.stdout, /\(3 to create, 0 to change, 0 unchanged, 2 by hand\)/);
    assert.equal(json.code, 0, json.stderr);
    const doc = json.json();
    assert.deepEqual(Object.keys(doc.answers), ['wallet']);
    assert.equal(existsSync(join(sb.data, 'secrets.enc')), false, 'a dry run stores no secret');
  });

  it('join keeps the key pair in the encrypted store, tracks the wallet and prints what is left to do', async () => {
    const r = await sb.run(joinArgs(['--yes', '--force']));
    outputs.push(r);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /render: joined \(3 changes\)/);
    assert.match(r.stdout, /Left for you to do:\n! by hand: Join the Render compute waitlist/);
    assert.ok(r.stdout.includes(DOCS));

    const store = await openSecretStore({ secretsFile: join(sb.data, 'secrets.enc') }, { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: STORE_PASSPHRASE });
    assert.equal(store.backend, 'encrypted-file');
    assert.equal(await store.get('render.apiPublicKey'), PUBLIC_KEY);
    assert.equal(await store.get('render.apiSecretKey'), SECRET_KEY);
    const wrong = await openSecretStore({ secretsFile: join(sb.data, 'secrets.enc') }, { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: 'not it' });
    await assert.rejects(() => wrong.get('render.apiSecretKey'), 'the file is encrypted with the passphrase');

    const wallets = await sb.run(['wallet', 'list', '--json']);
    assert.ok(JSON.stringify(wallets.json()).includes(WALLET));
  });

  it('a second join without the keys reuses the stored ones and changes nothing', async () => {
    const r = await sb.run(['join', 'render', '--set', `wallet=${WALLET}`, '--yes', '--force']);
    outputs.push(r);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /render: nothing to change/);
  });

  it('status reports unreachable with what it can see, and exits 5', async () => {
    const human = await sb.run(['status']);
    const json = await sb.run(['status', '--json']);
    outputs.push(human, json);
    assert.equal(human.code, 5, human.stderr);
    assert.equal(json.code, 5, json.stderr);
    const [node] = json.json().nodes;
    assert.equal(node.state, 'unreachable');
    assert.ok(node.details.includes('Docker 26.1.3'), node.details);
    assert.ok(node.details.includes('GPU access from containers: nvidia runtime (Docker 26.1.3)'), node.details);
    assert.ok(node.details.includes('Compute Node API key stored'), node.details);
    assert.ok(
      node.details.some((d: string) => d.includes('publishes no local health signal')),
      node.details,
    );
    assert.match(human.stdout, /unreachable/);
  });

  it('neither key is in config, records, wallets, history or any output', async () => {
    const stored = sb.storedText();
    assert.ok(stored.includes('joined.json') && stored.includes('wallets.json') && stored.includes('secrets.enc'), 'the files exist to be searched');
    assertNoKey('depin files', stored);
    assertNoKey('stdout/stderr of join, --dry-run, --json and status', allOutput(outputs));
  });
});
