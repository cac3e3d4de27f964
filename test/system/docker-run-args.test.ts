// The docker argv built from a ContainerSpec (pure, no docker needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpec, displayArgs, displayCommand, normalizeImageRef, runArgs, type ContainerSpec } from '../../src/core/docker-run-args.js';

const storj: ContainerSpec = {
  name: 'storagenode',
  image: 'storjlabs/storagenode:latest',
  ports: [
    { hostPort: 28967, containerPort: 28967, protocol: 'tcp' },
    { hostPort: 28967, containerPort: 28967, protocol: 'udp' },
    { host: '127.0.0.1', hostPort: 14002, containerPort: 14002, protocol: 'tcp' },
  ],
  mounts: [
    { source: '/home/op/.local/share/storj/identity/storagenode', target: '/app/identity' },
    { source: '/mnt/storj', target: '/app/config' },
  ],
  env: { WALLET: '0x5f2D8a3B9c41e07d6A1B2C3d4e5f60718293A4b5', EMAIL: 'op@example.org', ADDRESS: 'node.example.org:28967', STORAGE: '2TB' },
  user: '1000:1000',
  restart: 'unless-stopped',
  stopTimeoutSeconds: 300,
};

test('the Storj node becomes the documented docker run, flag for flag', () => {
  assert.deepEqual(runArgs(storj), [
    'run',
    '--detach',
    '--name=storagenode',
    '--restart=unless-stopped',
    '--stop-timeout=300',
    '--user=1000:1000',
    '--publish=28967:28967/tcp',
    '--publish=28967:28967/udp',
    '--publish=127.0.0.1:14002:14002/tcp',
    '--mount=type=bind,source=/home/op/.local/share/storj/identity/storagenode,target=/app/identity',
    '--mount=type=bind,source=/mnt/storj,target=/app/config',
    '--env=WALLET=0x5f2D8a3B9c41e07d6A1B2C3d4e5f60718293A4b5',
    '--env=EMAIL=op@example.org',
    '--env=ADDRESS=node.example.org:28967',
    '--env=STORAGE=2TB',
    'storjlabs/storagenode:latest',
  ]);
  assert.deepEqual(runArgs(storj, 'create').slice(0, 3), ['create', '--name=storagenode', '--restart=unless-stopped']);
});

test('secrets travel by name: the value is nowhere in the argv or the printed command', () => {
  const spec: ContainerSpec = { ...storj, secretEnv: { NOSANA_KEY: 'nosana.key' } };
  const argv = runArgs(spec);
  assert.ok(argv.includes('--env=NOSANA_KEY'));
  assert.ok(!argv.some((a) => a.includes('nosana.key')), 'not even the reference name is passed to docker');
  assert.equal(displayArgs(spec)[0], 'docker');
  assert.match(displayCommand(displayArgs(spec)), /--env=NOSANA_KEY /);
});

test('labels, GPUs, IPv6 hosts, read-only mounts and a command after the image', () => {
  const argv = runArgs({
    name: 'gpu-worker',
    image: 'nosana/nosana-cli@sha256:' + 'a'.repeat(64),
    ports: [{ host: '::1', hostPort: 5001, containerPort: 5001, protocol: 'tcp' }],
    mounts: [{ source: '/srv/a,b', target: '/data', readOnly: true }],
    env: {},
    restart: 'on-failure',
    gpus: ['0', 'GPU-6f1c'],
    command: ['--flag-for-the-image', 'x y'],
    labels: { 'io.depin.network': 'nosana' },
  });
  assert.ok(argv.includes('--publish=[::1]:5001:5001/tcp'));
  // A comma inside a path is quoted CSV-style, as docker's --mount parser expects.
  assert.ok(argv.includes('--mount=type=bind,"source=/srv/a,b",target=/data,readonly'));
  assert.ok(argv.includes('--gpus="device=0,GPU-6f1c"'));
  assert.ok(argv.includes('--label=io.depin.network=nosana'));
  assert.deepEqual(argv.slice(-3), ['nosana/nosana-cli@sha256:' + 'a'.repeat(64), '--flag-for-the-image', 'x y']);
  assert.ok(runArgs({ ...storj, gpus: 'all' }).includes('--gpus=all'));
});

test('printed commands quote what a shell would split or expand', () => {
  assert.equal(
    displayCommand(['docker', 'run', '--env=GREETING=hello world', "--env=Q=it's", 'img']),
    `docker run '--env=GREETING=hello world' '--env=Q=it'\\''s' img`,
  );
});

test('bad specs are named, and runArgs refuses them rather than build a harmful argv', () => {
  const cases: [Partial<ContainerSpec>, RegExp][] = [
    [{ name: '--privileged' }, /container name "--privileged"/],
    [{ name: '' }, /container name ""/],
    [{ image: '--privileged' }, /image reference "--privileged"/],
    [{ image: 'a b' }, /image reference/],
    [{ ports: [{ hostPort: 0, containerPort: 80, protocol: 'tcp' }] }, /host port 0/],
    [{ ports: [{ hostPort: 80, containerPort: 70000, protocol: 'tcp' }] }, /container port 70000/],
    [{ ports: [{ hostPort: 80, containerPort: 80, protocol: 'sctp' as 'tcp' }] }, /protocol "sctp"/],
    [{ ports: [{ host: 'localhost', hostPort: 80, containerPort: 80, protocol: 'tcp' }] }, /host address "localhost"/],
    [{ mounts: [{ source: 'relative', target: '/x' }] }, /mount source "relative"/],
    [{ mounts: [{ source: '/x', target: 'y' }] }, /mount target "y"/],
    [{ env: { 'BAD-NAME': 'x' } }, /"BAD-NAME"/],
    [{ env: { '1X': 'x' } }, /"1X"/],
    [{ env: { T: 'x' }, secretEnv: { T: 'ref' } }, /T is both a plain and a secret/],
    [{ user: '-u' }, /user "-u"/],
    [{ restart: 'sometimes' as 'no' }, /restart policy "sometimes"/],
    [{ stopTimeoutSeconds: 1.5 }, /stop timeout 1.5/],
    [{ gpus: [] }, /GPU device ids/],
    [{ gpus: ['0,1'] }, /GPU device ids/],
    [{ labels: { 'a=b': 'c' } }, /label names/],
  ];
  for (const [change, message] of cases) {
    const spec = { ...storj, ...change } as ContainerSpec;
    assert.match(checkSpec(spec) ?? '(accepted)', message, JSON.stringify(change));
    assert.throws(() => runArgs(spec), message);
  }
  assert.equal(checkSpec(storj), undefined);
});

test('image references compare the way docker stores them', () => {
  assert.equal(normalizeImageRef('busybox'), 'busybox:latest');
  assert.equal(normalizeImageRef('docker.io/library/busybox'), 'busybox:latest');
  assert.equal(normalizeImageRef('docker.io/storjlabs/storagenode'), 'storjlabs/storagenode:latest');
  assert.equal(normalizeImageRef('localhost:5000/x'), 'localhost:5000/x:latest');
  assert.equal(normalizeImageRef('localhost:5000/x:1'), 'localhost:5000/x:1');
  assert.equal(normalizeImageRef('repo@sha256:abc'), 'repo@sha256:abc');
});
