import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmVersion, listReleases, releaseStatus, repoAdd, repoUpdate, uninstall, upgradeInstall, upgradeInstallArgs } from '../../src/system/helm.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';

const root = mkdtempSync(join(tmpdir(), 'depin-helm-'));
after(() => rmSync(root, { recursive: true, force: true }));
const fixtures = new URL('../../../test/fixtures/runtimes/', import.meta.url).pathname;

let counter = 0;
function sandbox() {
  const bin = join(root, `t${++counter}`, 'bin');
  mkdirSync(bin, { recursive: true });
  return { bin, env: { PATH: `${bin}:/usr/bin:/bin` } };
}

test('helmVersion reads `helm version --short`; garbage is bad-output; no helm is not-installed', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', { stdout: 'v3.14.4+g81c902a\n' });
  assert.deepEqual(await helmVersion({ env: s.env }), { ok: true, value: { version: '3.14.4', raw: 'v3.14.4+g81c902a' } });
  assert.deepEqual(readArgv(s.bin, 'helm'), [['version', '--short']]);
  const g = sandbox();
  createFakeBin(g.bin, 'helm', { stdout: 'hello\n' });
  const garbage = await helmVersion({ env: g.env });
  assert.equal(!garbage.ok && garbage.error.kind, 'bad-output');
  const missing = await helmVersion({ env: { PATH: join(root, 'nowhere') } });
  assert.equal(!missing.ok && missing.error.kind, 'not-installed');
});

test('repoAdd and repoUpdate: exact argv, https only', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm');
  assert.deepEqual(await repoAdd('akash', 'https://akash-network.github.io/helm-charts', { env: s.env }), { ok: true, value: undefined });
  assert.deepEqual(await repoUpdate(['akash'], { env: s.env }), { ok: true, value: undefined });
  const plain = await repoAdd('akash', 'http://akash-network.github.io/helm-charts', { env: s.env });
  assert.equal(!plain.ok && plain.error.kind, 'refused');
  const badName = await repoAdd('--evil', 'https://x.example', { env: s.env });
  assert.equal(!badName.ok && badName.error.kind, 'refused');
  assert.deepEqual(readArgv(s.bin, 'helm'), [
    ['repo', 'add', 'akash', 'https://akash-network.github.io/helm-charts', '--force-update'],
    ['repo', 'update', 'akash'],
  ]);
});

test('upgradeInstall runs the exact pinned command, values by file, and reports helm own words on failure', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', { responses: [{ when: ['broken'], stderr: 'Error: INSTALLATION FAILED: context deadline exceeded\n', exitCode: 1 }] });
  const spec = {
    release: 'akash-provider',
    chart: 'akash/provider',
    version: '19.0.2',
    namespace: 'akash-services',
    createNamespace: true,
    valuesFile: '/var/lib/depin/akash/provider.yaml',
    setFile: { bidpricescript: '/var/lib/depin/akash/price_script.sh' },
    wait: true,
    timeout: 600,
  };
  assert.deepEqual(await upgradeInstall(spec, { env: s.env }), { ok: true, value: undefined });
  const expected = [
    'upgrade',
    '--install',
    'akash-provider',
    'akash/provider',
    '--version',
    '19.0.2',
    '--namespace',
    'akash-services',
    '--create-namespace',
    '--values',
    '/var/lib/depin/akash/provider.yaml',
    '--set-file',
    'bidpricescript=/var/lib/depin/akash/price_script.sh',
    '--wait',
    '--timeout',
    '600s',
  ];
  assert.deepEqual(readArgv(s.bin, 'helm'), [expected]);
  assert.deepEqual(upgradeInstallArgs(spec), { ok: true, value: expected });
  assert.deepEqual(upgradeInstallArgs({ ...spec, createNamespace: false, valuesFile: undefined, setFile: undefined, wait: false, timeout: undefined }), {
    ok: true,
    value: ['upgrade', '--install', 'akash-provider', 'akash/provider', '--version', '19.0.2', '--namespace', 'akash-services'],
  });

  const failed = await upgradeInstall({ ...spec, release: 'broken' }, { env: s.env });
  assert.equal(failed.ok, false);
  assert.equal(!failed.ok && failed.error.output, 'Error: INSTALLATION FAILED: context deadline exceeded');
  assert.equal(!failed.ok && failed.error.command?.[3], 'broken');
});

test('upgradeInstall refuses unpinned versions, bad names and relative files before running helm', async () => {
  const base = { release: 'akash-node', chart: 'akash/akash-node', version: '18.0.0', namespace: 'akash-services', createNamespace: false, wait: false };
  const bads: Partial<Parameters<typeof upgradeInstallArgs>[0]>[] = [
    { version: 'latest' },
    { version: '>=18' },
    { release: 'Akash_Node' },
    { chart: 'akash-node' },
    { namespace: 'Akash' },
    { valuesFile: 'provider.yaml' },
    { setFile: { 'a b': '/x' } },
    { setFile: { key: '/x,y' } },
    { timeout: 0 },
  ];
  for (const bad of bads) {
    const result = upgradeInstallArgs({ ...base, ...bad });
    assert.equal(!result.ok && result.error.kind, 'refused', JSON.stringify(bad));
  }
  assert.equal(upgradeInstallArgs({ ...base, chart: 'oci://ghcr.io/nginx/charts/nginx-gateway-fabric', version: '2.4.2' }).ok, true);
});

test('releaseStatus reads recorded `helm status -o json`; an unknown release is installed: false', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', {
    responses: [{ when: ['gone'], stderr: 'Error: release: not found\n', exitCode: 1 }],
    stdoutFile: join(fixtures, 'helm-status.json'),
  });
  assert.deepEqual(await releaseStatus('flummoxed-chickadee', 'default', { env: s.env }), {
    ok: true,
    value: {
      installed: true,
      name: 'flummoxed-chickadee',
      namespace: 'default',
      status: 'deployed',
      revision: null,
      lastDeployed: new Date('2016-01-16T00:00:00Z'),
      chart: null,
      appVersion: null,
    },
  });
  assert.deepEqual(await releaseStatus('gone', 'default', { env: s.env }), { ok: true, value: { installed: false } });
  assert.deepEqual(readArgv(s.bin, 'helm'), [
    ['status', 'flummoxed-chickadee', '--namespace', 'default', '-o', 'json'],
    ['status', 'gone', '--namespace', 'default', '-o', 'json'],
  ]);
});

test('releaseStatus: an unreachable cluster is a failure, not "not installed"', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', {
    stderr: 'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused\n',
    exitCode: 1,
  });
  const result = await releaseStatus('akash-provider', 'akash-services', { env: s.env });
  assert.equal(!result.ok && result.error.kind, 'failed');
  assert.match(!result.ok ? (result.error.output ?? '') : '', /cluster unreachable/);
});

test('listReleases reads recorded `helm list -o json` (revision printed as a string)', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', { stdoutFile: join(fixtures, 'helm-list.json') });
  assert.deepEqual(await listReleases('cert-manager', { env: s.env }), {
    ok: true,
    value: [
      {
        installed: true,
        name: 'cert-manager',
        namespace: 'cert-manager',
        status: 'deployed',
        revision: 5,
        lastDeployed: new Date('2026-10-06T08:24:59.800Z'),
        chart: 'cert-manager-v1.21.2',
        appVersion: 'v1.21.2',
      },
    ],
  });
  assert.deepEqual(readArgv(s.bin, 'helm'), [['list', '--namespace', 'cert-manager', '-o', 'json']]);
});

test('uninstall: removed, already gone, and a real failure', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'helm', {
    responses: [
      { when: ['gone'], stderr: 'Error: uninstall: Release not loaded: gone: release: not found\n', exitCode: 1 },
      { when: ['stuck'], stderr: 'Error: context deadline exceeded\n', exitCode: 1 },
    ],
    stdout: 'release "akash-provider" uninstalled\n',
  });
  assert.deepEqual(await uninstall('akash-provider', 'akash-services', { env: s.env }), { ok: true, value: { removed: true } });
  assert.deepEqual(await uninstall('gone', 'akash-services', { env: s.env }), { ok: true, value: { removed: false } });
  const stuck = await uninstall('stuck', 'akash-services', { env: s.env });
  assert.equal(!stuck.ok && stuck.error.kind, 'failed');
  assert.deepEqual(readArgv(s.bin, 'helm')[0], ['uninstall', 'akash-provider', '--namespace', 'akash-services']);
});
