// `depin join akash` end to end through the built CLI, with fake kubectl and helm on PATH replaying
// recorded output (test/fixtures/runtimes/README.md) and recording argv and stdin. The provider key and
// its passphrase must reach helm on stdin only: never argv, a values file, the record, or any output.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createFakeBin, readArgv, readStdin, type FakeBinSpec } from '../helpers/fake-bin.js';
import { allOutput, joinSandbox, type JoinSandbox } from '../helpers/join-sandbox.js';
import type { CliResult } from '../helpers/cli.js';

const fixtures = new URL('../../../test/fixtures/runtimes/', import.meta.url).pathname;
const ACCOUNT = 'akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63';
// `.invalid` never resolves (RFC 6761), so the DNS check warns on every machine.
const DOMAIN = 'depin-e2e.invalid';
// Composed in the shape of `provider-services keys export` (armor headers, then the encrypted body).
const PEM = [
  '-----BEGIN TENDERMINT PRIVATE KEY-----',
  'kdf: bcrypt',
  'salt: 5B1F0C8E2D4A6B7C9E0F1A2B3C4D5E6F',
  'type: secp256k1',
  '',
  'Zk3u9qR2Lw8xN1cV5bT7yH0jM4pS6dA2gF8kE3rU9iO1wQ5zX7vB0nC4mJ6hL2tY',
  '=Qm4u',
  '-----END TENDERMINT PRIVATE KEY-----',
  '',
].join('\n');
const PROVIDER_KEY = Buffer.from(PEM, 'utf8').toString('base64');
const KEY_PASSWORD = 'e2e-passphrase-Wq7!zP0';
const SECRETS = [PROVIDER_KEY, KEY_PASSWORD, Buffer.from(KEY_PASSWORD, 'utf8').toString('base64'), 'Zk3u9qR2Lw8xN1cV5bT7'];
const AKASH_REPO = 'https://akash-network.github.io/helm-charts';

// kubectl's and helm's own messages, composed (see the fixture README for what is recorded).
const kubectlSpec = (context: boolean): FakeBinSpec => ({
  recordStdin: true,
  responses: [
    context
      ? { when: ['config', 'current-context'], stdout: 'akash-provider\n' }
      : { when: ['config', 'current-context'], stderr: 'error: current-context is not set\n', exitCode: 1 },
    { when: ['version', '-o', 'json'], stdoutFile: join(fixtures, 'kubectl-version-k3s.json') },
    // `get … --ignore-not-found` prints nothing for an object that does not exist.
    { when: ['get', 'Namespace'], stdout: '' },
    { when: ['apply', '-f', '-'], stdout: 'namespace/configured\n' },
  ],
});
const helmSpec: FakeBinSpec = {
  recordStdin: true,
  responses: [
    { when: ['version', '--short'], stdout: 'v3.14.4+g81c902a\n' },
    { when: ['status'], stderr: 'Error: release: not found\n', exitCode: 1 },
    { when: ['uninstall'], stdout: 'release "x" uninstalled\n' },
  ],
};

function setArgs(extra: string[] = []): string[] {
  return [
    'join',
    'akash',
    '--set',
    `account=${ACCOUNT}`,
    '--set',
    `domain=${DOMAIN}`,
    '--set',
    `providerKey=${PROVIDER_KEY}`,
    '--set',
    `keyPassword=${KEY_PASSWORD}`,
    '--set',
    'email=ops@example.org',
    '--set',
    'region=us-west',
    '--force',
    '--yes',
    ...extra,
  ];
}

const reads = (argv: string[]) => ['status', 'version'].includes(argv[0]) || (argv[0] === 'config' && argv[1] === 'current-context') || argv[0] === 'get';

function assertNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds a secret (${secret.slice(0, 6)}…)`);
}

describe('depin join akash (built CLI)', () => {
  let sb: JoinSandbox;
  const outputs: CliResult[] = [];
  const helmDir = () => join(sb.data, 'nodes', 'akash', 'helm');
  const values = (ns: string, release: string) => join(helmDir(), `${ns}-${release}.values.json`);

  before(() => {
    sb = joinSandbox({ env: { DEPIN_SECRETS_BACKEND: 'file', DEPIN_PASSPHRASE: 'store-passphrase-for-tests' } });
    createFakeBin(sb.bin, 'helm', helmSpec);
  });
  after(() => sb?.cleanup());

  it('refuses a machine below the provider minimum (exit 3) unless --force', async (t) => {
    if (cpus().length >= 8) return t.skip('this machine has 8 or more cores, so it may meet the provider minimum');
    createFakeBin(sb.bin, 'kubectl', kubectlSpec(true));
    const r = await sb.run(setArgs().filter((a) => a !== '--force'));
    outputs.push(r);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /does not qualify for Akash/);
  });

  it('preflight fails with the fix when kubectl has no current context (exit 1), before anything changes', async () => {
    createFakeBin(sb.bin, 'kubectl', kubectlSpec(false));
    const r = await sb.run(setArgs());
    outputs.push(r);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /FAIL Kubernetes context: kubectl has no current context/);
    assert.match(r.stderr, /kubectl config use-context <name>/);
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
    assert.equal(existsSync(join(sb.data, 'secrets.enc')), false, 'no secret is stored before the plan is applied');
    assert.deepEqual(
      readArgv(sb.bin, 'helm').filter((a) => !reads(a)),
      [],
    );
  });

  it('--dry-run prints the exact commands, keeps the secrets as names and changes nothing', async () => {
    createFakeBin(sb.bin, 'kubectl', kubectlSpec(true));
    const human = await sb.run(setArgs(['--dry-run']));
    const json = await sb.run(setArgs(['--dry-run', '--json']));
    outputs.push(human, json);
    assert.equal(human.code, 0, human.stderr);
    assert.equal(json.code, 0, json.stderr);
    assert.match(human.stderr, /warn DNS provider\.depin-e2e\.invalid: provider\.depin-e2e\.invalid does not resolve/);
    assert.match(human.stderr, /fix: add an A record for provider\.depin-e2e\.invalid and a wildcard \*\.ingress\.provider\.depin-e2e\.invalid/);
    assert.ok(human.stdout.includes(`$ helm repo add akash ${AKASH_REPO} --force-update`), human.stdout);
    assert.ok(
      human.stdout.includes(
        `$ helm upgrade --install akash-provider akash/provider --version 19.0.2 --namespace akash-services --values ${values('akash-services', 'akash-provider')} --values -   # key, keysecret from the secret store on stdin`,
      ),
      human.stdout,
    );
    const doc = json.json();
    assert.equal(doc.dryRun, true);
    assert.equal(doc.answers.providerKey, undefined);
    assert.equal(doc.answers.keyPassword, undefined);
    assert.equal(doc.answers.account, ACCOUNT);
    assert.ok(doc.preflight.some((c: { id: string; status: string }) => c.id.startsWith('dns-') && c.status === 'warn'));
    assert.equal(existsSync(join(sb.data, 'joined.json')), false);
    assert.equal(existsSync(helmDir()), false);
    assert.deepEqual(
      readArgv(sb.bin, 'helm').filter((a) => !reads(a)),
      [],
    );
    assert.deepEqual(
      readArgv(sb.bin, 'kubectl').filter((a) => !reads(a)),
      [],
    );
  });

  it('join runs helm and kubectl with the exact argv; the key reaches helm on stdin only', async () => {
    const r = await sb.run(setArgs());
    outputs.push(r);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /akash: joined/);
    assert.match(r.stdout, /Gateway API, NGINX Gateway Fabric and TLS/);

    assert.deepEqual(
      readArgv(sb.bin, 'kubectl').filter((a) => !reads(a)),
      [
        ['apply', '-f', '-'],
        ['apply', '-f', '-'],
      ],
    );
    const applied = readStdin(sb.bin, 'kubectl');
    for (const ns of ['akash-services', 'lease'])
      assert.ok(
        applied.includes(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'akash.network': 'true' } } })),
        applied,
      );

    const release = (name: string, chart: string, version: string, ns: string, extra: string[] = []) => [
      'upgrade',
      '--install',
      name,
      chart,
      '--version',
      version,
      '--namespace',
      ns,
      ...extra,
      '--values',
      values(ns, name),
    ];
    const akashRepo = [
      ['repo', 'add', 'akash', AKASH_REPO, '--force-update'],
      ['repo', 'update', 'akash'],
    ];
    assert.deepEqual(
      readArgv(sb.bin, 'helm').filter((a) => !reads(a)),
      [
        ...akashRepo,
        release('akash-node', 'akash/akash-node', '18.0.0', 'akash-services'),
        ['repo', 'add', 'jetstack', 'https://charts.jetstack.io', '--force-update'],
        ['repo', 'update', 'jetstack'],
        release('cert-manager', 'jetstack/cert-manager', 'v1.19.1', 'cert-manager', ['--create-namespace']),
        ...akashRepo,
        release('akash-gateway', 'akash/akash-gateway', '1.2.1', 'akash-gateway', ['--create-namespace']),
        ...akashRepo,
        release('akash-hostname-operator', 'akash/akash-hostname-operator', '19.0.2', 'akash-services'),
        ...akashRepo,
        release('inventory-operator', 'akash/akash-inventory-operator', '19.0.2', 'akash-services'),
        ...akashRepo,
        [...release('akash-provider', 'akash/provider', '19.0.2', 'akash-services'), '--values', '-'],
      ],
    );
    // Only the provider release reads stdin, and it gets the key as the chart takes it (base64 already)
    // and the passphrase base64-encoded (the chart writes both into a Secret's data).
    const stdin = JSON.parse(readStdin(sb.bin, 'helm'));
    assert.deepEqual(stdin, { key: PROVIDER_KEY, keysecret: Buffer.from(KEY_PASSWORD, 'utf8').toString('base64') });

    const provider = JSON.parse(readFileSync(values('akash-services', 'akash-provider'), 'utf8'));
    assert.equal(provider.from, ACCOUNT);
    assert.equal(provider.domain, DOMAIN);
    assert.equal(provider.key, undefined);
    assert.equal(provider.keysecret, undefined);
    assert.equal(statSync(values('akash-services', 'akash-provider')).mode & 0o777, 0o600);
    assert.equal(statSync(helmDir()).mode & 0o777, 0o700);
  });

  it('the key and passphrase are nowhere else: argv, values files, records, stdout, stderr, --json', async () => {
    for (const tool of ['helm', 'kubectl']) assertNoSecret(`${tool} argv`, JSON.stringify(readArgv(sb.bin, tool)));
    assertNoSecret('kubectl stdin', readStdin(sb.bin, 'kubectl'));
    for (const name of readdirSync(helmDir())) assertNoSecret(name, readFileSync(join(helmDir(), name), 'utf8'));
    const stored = sb.storedText();
    assert.ok(stored.includes('joined.json'));
    assertNoSecret('depin files (config, joined.json, wallets, history, encrypted secrets)', stored);
    const status = await sb.run(['status', '--json']);
    outputs.push(status);
    assertNoSecret('stdout/stderr of every run', allOutput(outputs));
    const record = JSON.parse(readFileSync(join(sb.data, 'joined.json'), 'utf8')).networks.akash;
    assert.deepEqual(record.secrets.sort(), ['keyPassword', 'providerKey']);
    assert.equal(record.answers.providerKey, undefined);
  });

  it('leave uninstalls the releases newest first and keeps the namespaces', async () => {
    const before = readArgv(sb.bin, 'helm').length;
    const r = await sb.run(['leave', 'akash']);
    outputs.push(r);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.deepEqual(
      readArgv(sb.bin, 'helm')
        .slice(before)
        .filter((a) => a[0] === 'uninstall'),
      [
        ['uninstall', 'akash-provider', '--namespace', 'akash-services'],
        ['uninstall', 'inventory-operator', '--namespace', 'akash-services'],
        ['uninstall', 'akash-hostname-operator', '--namespace', 'akash-services'],
        ['uninstall', 'akash-gateway', '--namespace', 'akash-gateway'],
        ['uninstall', 'cert-manager', '--namespace', 'cert-manager'],
        ['uninstall', 'akash-node', '--namespace', 'akash-services'],
      ],
    );
    assert.equal(readArgv(sb.bin, 'kubectl').filter((a) => a[0] === 'delete').length, 0, 'namespaces may hold other work');
    assert.match(r.stdout, /kept namespace akash-services/);
    assertNoSecret('leave output', allOutput([r]));
  });
});
