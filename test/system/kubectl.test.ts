import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyManifest, createSecretFromValues, deleteObject, getPods, kubeContext } from '../../src/system/kubectl.js';
import { createFakeBin, readArgv, readStdin } from '../helpers/fake-bin.js';

const root = mkdtempSync(join(tmpdir(), 'depin-kubectl-'));
after(() => rmSync(root, { recursive: true, force: true }));
const fixtures = new URL('../../../test/fixtures/runtimes/', import.meta.url).pathname;

let counter = 0;
function sandbox() {
  const bin = join(root, `t${++counter}`, 'bin');
  mkdirSync(bin, { recursive: true });
  return { bin, env: { PATH: `${bin}:/usr/bin:/bin` } };
}

test('kubeContext: a context whose API answers, with both versions (recorded k3s output)', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl', {
    responses: [
      { when: ['current-context'], stdout: 'k3s-default\n' },
      { when: ['version'], stdoutFile: join(fixtures, 'kubectl-version-k3s.json') },
    ],
  });
  assert.deepEqual(await kubeContext({ env: s.env }), {
    ok: true,
    value: { context: 'k3s-default', reachable: true, clientVersion: 'v1.18.2', serverVersion: 'v1.17.3+k3s1' },
  });
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [
    ['config', 'current-context'],
    ['version', '-o', 'json', '--request-timeout=10s'],
  ]);
});

test('kubeContext: an API that does not answer is reachable false with kubectl own reason', async () => {
  const s = sandbox();
  const refused = 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n';
  createFakeBin(s.bin, 'kubectl', {
    responses: [
      { when: ['current-context'], stdout: 'akash\n' },
      { when: ['version'], stdoutFile: join(fixtures, 'kubectl-version-client-only-composed.json'), stderr: refused, exitCode: 1 },
    ],
  });
  assert.deepEqual(await kubeContext({ env: s.env }), {
    ok: true,
    value: { context: 'akash', reachable: false, clientVersion: 'v1.30.5', serverVersion: null, reason: refused.trim() },
  });
});

test('kubeContext: no current context, garbage output, and kubectl missing', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl', { responses: [{ when: ['current-context'], stderr: 'error: current-context is not set\n', exitCode: 1 }] });
  assert.deepEqual(await kubeContext({ env: s.env }), {
    ok: true,
    value: { context: null, reachable: false, clientVersion: null, serverVersion: null, reason: 'error: current-context is not set' },
  });
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [['config', 'current-context']]);

  const g = sandbox();
  createFakeBin(g.bin, 'kubectl', { responses: [{ when: ['current-context'], stdout: 'x\n' }], stdout: 'Client Version: v1.30.5\n' });
  const garbage = await kubeContext({ env: g.env });
  assert.equal(!garbage.ok && garbage.error.kind, 'bad-output');

  const missing = await kubeContext({ env: { PATH: join(root, 'nowhere') } });
  assert.equal(!missing.ok && missing.error.kind, 'not-installed');
});

test('getPods summarises a recorded pod list like kubectl get pods does', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl', { stdoutFile: join(fixtures, 'kubectl-get-pods-minikube.json') });
  const result = await getPods('default', 'app=work-queue', { env: s.env });
  assert.deepEqual(result, {
    ok: true,
    value: [
      {
        name: 'queue-l4dv8',
        namespace: 'default',
        phase: 'Running',
        ready: true,
        readyContainers: 1,
        containers: 1,
        restarts: 0,
        startedAt: new Date('2022-12-23T09:36:45Z'),
      },
    ],
  });
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [['get', 'pods', '--namespace', 'default', '--selector', 'app=work-queue', '-o', 'json']]);
});

test('getPods: a crash-looping pod is not ready and says why; bad names are refused before kubectl runs', async () => {
  const s = sandbox();
  const crashing = {
    kind: 'List',
    items: [
      {
        metadata: { name: 'akash-provider-0', namespace: 'akash-services' },
        spec: { containers: [{}] },
        status: { phase: 'Running', containerStatuses: [{ ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
      },
    ],
  };
  createFakeBin(s.bin, 'kubectl', { stdout: JSON.stringify(crashing) });
  const result = await getPods('akash-services', undefined, { env: s.env });
  assert.equal(result.ok && result.value[0].ready, false);
  assert.equal(result.ok && result.value[0].restarts, 7);
  assert.equal(result.ok && result.value[0].waitingReason, 'CrashLoopBackOff');
  for (const [ns, sel] of [
    ['Bad_NS', undefined],
    ['ok', '--all'],
    ['ok', ''],
  ] as const) {
    const refused = await getPods(ns, sel, { env: s.env });
    assert.equal(!refused.ok && refused.error.kind, 'refused');
  }
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [['get', 'pods', '--namespace', 'akash-services', '-o', 'json']]);
});

test('applyManifest sends the manifest on stdin and reports what kubectl did', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl', { stdout: 'namespace/akash-services created\nnamespace/lease unchanged\n', recordStdin: true });
  const manifest = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: akash-services\n  labels:\n    akash.network: "true"\n';
  assert.deepEqual(await applyManifest(manifest, { env: s.env }), {
    ok: true,
    value: { lines: ['namespace/akash-services created', 'namespace/lease unchanged'] },
  });
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [['apply', '-f', '-']]);
  assert.equal(readStdin(s.bin, 'kubectl'), manifest);
  const empty = await applyManifest('  \n', { env: s.env });
  assert.equal(!empty.ok && empty.error.kind, 'refused');
});

test('createSecretFromValues: the values travel only on stdin, never in argv, a file or an error', async () => {
  const s = sandbox();
  const key = '-----BEGIN TENDERMINT PRIVATE KEY-----\nkdf: bcrypt\nSECRET-KEY-MATERIAL-7f3a\n-----END TENDERMINT PRIVATE KEY-----\n';
  const pass = 'hunter2-$(reboot)-"quoted"';
  createFakeBin(s.bin, 'kubectl', { stdout: 'secret/akash-provider-keys created\n', recordStdin: true });
  const result = await createSecretFromValues('akash-services', 'akash-provider-keys', { 'key.txt': key, 'key-pass.txt': pass }, { env: s.env });
  assert.deepEqual(result, { ok: true, value: { lines: ['secret/akash-provider-keys created'] } });
  const argv = readArgv(s.bin, 'kubectl');
  assert.deepEqual(argv, [['apply', '--namespace', 'akash-services', '-f', '-']]);
  const sent = JSON.parse(readStdin(s.bin, 'kubectl'));
  assert.deepEqual(sent, {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: 'akash-provider-keys', namespace: 'akash-services' },
    data: { 'key.txt': Buffer.from(key).toString('base64'), 'key-pass.txt': Buffer.from(pass).toString('base64') },
  });
  for (const secret of [key, pass, 'SECRET-KEY-MATERIAL', Buffer.from(key).toString('base64')]) assert.ok(!JSON.stringify(argv).includes(secret));
  // Nothing was written beside the fake but its own logs.
  assert.deepEqual(readdirSync(s.bin).sort(), ['.fake-bin-runner.cjs', '.kubectl.spec.json', 'kubectl', 'kubectl.argv.log', 'kubectl.stdin.log']);

  // A rejected apply reports kubectl's words and the argv, still without the values.
  const f = sandbox();
  createFakeBin(f.bin, 'kubectl', { stderr: 'Error from server (Forbidden): secrets is forbidden\n', exitCode: 1 });
  const refused = await createSecretFromValues('akash-services', 'akash-provider-keys', { 'key.txt': key }, { env: f.env });
  assert.equal(refused.ok, false);
  assert.ok(!JSON.stringify(refused).includes('SECRET-KEY-MATERIAL'));
  assert.deepEqual(!refused.ok && refused.error.command, ['kubectl', 'apply', '--namespace', 'akash-services', '-f', '-']);
});

test('createSecretFromValues refuses bad names and keys before running kubectl', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl');
  for (const [ns, name, data] of [
    ['Akash', 'x', { a: '1' }],
    ['akash', 'Bad Name', { a: '1' }],
    ['akash', 'x', {}],
    ['akash', 'x', { 'bad key': '1' }],
  ] as const) {
    const result = await createSecretFromValues(ns, name, data as Record<string, string>, { env: s.env });
    assert.equal(!result.ok && result.error.kind, 'refused');
  }
  assert.deepEqual(readArgv(s.bin, 'kubectl'), []);
});

test('deleteObject ignores what is already gone and asks kubectl exactly that', async () => {
  const s = sandbox();
  createFakeBin(s.bin, 'kubectl', { responses: [{ when: ['present'], stdout: 'secret "present" deleted\n' }] });
  assert.deepEqual(await deleteObject('secret', 'present', 'akash-services', { env: s.env }), { ok: true, value: { deleted: true } });
  assert.deepEqual(await deleteObject('namespace', 'lease', undefined, { env: s.env }), { ok: true, value: { deleted: false } });
  assert.deepEqual(readArgv(s.bin, 'kubectl'), [
    ['delete', 'secret', 'present', '--namespace', 'akash-services', '--ignore-not-found', '--wait=false'],
    ['delete', 'namespace', 'lease', '--ignore-not-found', '--wait=false'],
  ]);
  const bad = await deleteObject('secret; rm', 'x', undefined, { env: s.env });
  assert.equal(!bad.ok && bad.error.kind, 'refused');
});
