// Reading recorded `docker inspect` output and comparing it with a spec (pure, no docker needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diffContainer } from '../../src/core/container-diff.js';
import type { ContainerSpec } from '../../src/core/docker-run-args.js';
import { parseContainerInspect, parseImageInspect } from '../../src/system/docker-inspect.js';

function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../test/fixtures/docker/${name}`, import.meta.url)), 'utf8');
}

function container(name: string) {
  const parsed = parseContainerInspect(fixture(name));
  assert.ok(parsed.ok, !parsed.ok ? parsed.reason : '');
  return parsed.value;
}

const image = (() => {
  const parsed = parseImageInspect(fixture('image-inspect-storagenode-stand-in.recorded.json'));
  assert.ok(parsed.ok);
  return parsed.value;
})();

// The spec the recorded container was made from (see test/fixtures/docker/README.md).
const spec: ContainerSpec = {
  name: 'storagenode',
  image: 'storjlabs/storagenode:latest',
  ports: [
    { hostPort: 28967, containerPort: 28967, protocol: 'tcp' },
    { hostPort: 28967, containerPort: 28967, protocol: 'udp' },
    { host: '127.0.0.1', hostPort: 14002, containerPort: 14002, protocol: 'tcp' },
  ],
  mounts: [
    { source: '/srv/storj/identity', target: '/app/identity' },
    { source: '/srv/storj/data', target: '/app/config' },
  ],
  env: { WALLET: '0x5f2D8a3B9c41e07d6A1B2C3d4e5f60718293A4b5', EMAIL: 'operator@example.org', ADDRESS: 'node.example.org:28967', STORAGE: '2TB' },
  user: '1000:1000',
  restart: 'unless-stopped',
  stopTimeoutSeconds: 300,
};

test('a recorded running storagenode container is read into the typed subset', () => {
  const c = container('container-inspect-storagenode.recorded.json');
  assert.equal(c.name, 'storagenode');
  assert.equal(c.state.status, 'running');
  assert.equal(c.state.running, true);
  assert.match(c.state.startedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.equal(c.state.finishedAt, undefined, 'docker zero time means never');
  assert.equal(c.image, 'storjlabs/storagenode:latest');
  assert.equal(c.imageId, image.id);
  assert.equal(c.env.WALLET, spec.env.WALLET);
  assert.equal(c.env.PATH, '/bin');
  assert.equal(c.user, '1000:1000');
  assert.equal(c.stopTimeoutSeconds, 300);
  assert.deepEqual(c.restart, { name: 'unless-stopped', maximumRetryCount: 0 });
  assert.equal(c.gpus, undefined);
  assert.deepEqual(c.entrypoint, ['/app/entrypoint']);
  assert.equal(c.restartCount, 0);
});

test('the same spec gives no difference; each changed field is named once', () => {
  const c = container('container-inspect-storagenode.recorded.json');
  assert.deepEqual(diffContainer(spec, c, image), []);
  assert.deepEqual(diffContainer(spec, c), []);
  const changes: [Partial<ContainerSpec>, string][] = [
    [{ image: 'storjlabs/storagenode:v1.142' }, 'image'],
    [{ ports: spec.ports.slice(0, 2) }, 'ports'],
    [{ ports: [...spec.ports.slice(0, 2), { hostPort: 14002, containerPort: 14002, protocol: 'tcp' }] }, 'ports'],
    [{ mounts: [spec.mounts[0], { ...spec.mounts[1], readOnly: true }] }, 'mounts'],
    [{ env: { ...spec.env, STORAGE: '3TB' } }, 'env'],
    [{ secretEnv: { TOKEN: 'ref' } }, 'env'],
    [{ user: '1001:1001' }, 'user'],
    [{ restart: 'always' }, 'restart'],
    [{ stopTimeoutSeconds: undefined }, 'stopTimeout'],
    [{ gpus: 'all' }, 'gpus'],
    [{ command: ['run'] }, 'command'],
    [{ labels: { 'io.depin.network': 'storj' } }, 'labels'],
  ];
  for (const [change, field] of changes) {
    const diff = diffContainer({ ...spec, ...change }, c, image);
    assert.deepEqual(
      diff.map((d) => d.field),
      [field],
      JSON.stringify(change),
    );
    assert.notEqual(diff[0].want, diff[0].have);
  }
});

test('a variable an earlier spec set and this one drops is a difference, shown without its value', () => {
  const c = container('container-inspect-storagenode.recorded.json');
  const { EMAIL: _dropped, ...env } = spec.env;
  const diff = diffContainer({ ...spec, env }, c, image);
  assert.deepEqual(
    diff.map((d) => d.field),
    ['env'],
  );
  assert.match(diff[0].have, /EMAIL set by an earlier configuration/);
  assert.ok(!diff[0].have.includes('operator@example.org'));
  // Without the image, variables the spec does not name cannot be told from image defaults: not compared.
  assert.deepEqual(diffContainer({ ...spec, env }, c), []);
});

test('a newer local image for the same reference is an image difference', () => {
  const c = container('container-inspect-storagenode.recorded.json');
  const diff = diffContainer(spec, c, { ...image, id: 'sha256:' + 'b'.repeat(64) });
  assert.deepEqual(
    diff.map((d) => d.field),
    ['image'],
  );
});

test('an exited container and a GPU request are read back', () => {
  const exited = container('container-inspect-storagenode-exited.recorded.json');
  assert.equal(exited.state.status, 'exited');
  assert.equal(exited.state.running, false);
  assert.equal(exited.state.exitCode, 0);
  assert.match(exited.state.finishedAt ?? '', /^\d{4}-/);
  const gpu = container('container-inspect-gpus-all-created.recorded.json');
  assert.equal(gpu.gpus, 'all');
  assert.equal(gpu.state.status, 'created');
  assert.equal(gpu.state.startedAt, undefined);
  assert.deepEqual(gpu.cmd, ['true']);
});

test('output that is not docker inspect JSON is a failure value, not a crash', () => {
  assert.deepEqual(parseContainerInspect('not json'), { ok: false, reason: 'docker inspect printed something that is not JSON' });
  assert.deepEqual(parseContainerInspect('[]'), { ok: false, reason: 'docker inspect printed no object' });
  const wrong = parseContainerInspect('[{"Id": 5}]');
  assert.ok(!wrong.ok && /unexpected shape/.test(wrong.reason));
  assert.ok(!parseImageInspect('{}').ok);
});
