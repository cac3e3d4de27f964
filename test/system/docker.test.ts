// src/system/docker.ts against a real, private dockerd with offline stand-in images. Skips with the
// reason when dockerd cannot run here (no docker.io, not root).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerClient } from '../../src/system/docker.js';
import { displayArgs, displayCommand, runArgs, type ContainerSpec } from '../../src/core/docker-run-args.js';
import { diffContainer } from '../../src/core/container-diff.js';
import { startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { BUSYBOX_IMAGE, buildStandInImages } from '../helpers/stand-in-images.js';

const started = await startDockerd();
let skip: string | false = started.ok ? false : started.skip;
const dockerd: Dockerd | undefined = started.ok ? started.dockerd : undefined;
if (dockerd) {
  const built = await buildStandInImages(dockerd.env);
  if (!built.ok) skip = built.skip;
}
after(() => dockerd?.stop());
const docker = dockerClient({ env: dockerd?.env });
const work = mkdtempSync(join(tmpdir(), 'depin-docker-'));
after(() => rmSync(work, { recursive: true, force: true }));

function rawInspect(name: string): any {
  const r = spawnSync('docker', ['container', 'inspect', name], { env: dockerd!.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SECRET = 'sEcReT-vAlUe-9f8e7d';

describe('docker runtime on a real engine', { skip }, () => {
  test('dockerAvailable answers the daemon version', async () => {
    const available = await docker.dockerAvailable();
    assert.ok(available.ok, JSON.stringify(available));
    assert.match(available.version, /^\d+\.\d+/);
  });

  let webPort = 0;
  const www = join(work, 'www');
  const data = join(work, 'data');
  const webSpec = (): ContainerSpec => ({
    name: 'web',
    image: BUSYBOX_IMAGE,
    ports: [
      { host: '127.0.0.1', hostPort: webPort, containerPort: 8080, protocol: 'tcp' },
      { hostPort: webPort, containerPort: 9999, protocol: 'udp' },
    ],
    mounts: [
      { source: www, target: '/www', readOnly: true },
      { source: data, target: '/data' },
    ],
    env: { GREETING: 'hello world', EMPTY: '' },
    secretEnv: { API_TOKEN: 'web-token' },
    user: '1234:1234',
    restart: 'unless-stopped',
    stopTimeoutSeconds: 300,
    command: ['httpd', '-f', '-p', '8080', '-h', '/www'],
    labels: { 'io.depin.network': 'test' },
  });

  test('createAndStart: ports, mounts, env, user, restart and stop timeout land on the real container', async () => {
    webPort = await freePort();
    mkdirSync(www);
    mkdirSync(data);
    writeFileSync(join(www, 'index.html'), 'served through a published port\n');
    chmodSync(www, 0o755);
    const result = await docker.createAndStart(webSpec(), { 'web-token': SECRET });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.state.status, 'running');

    const raw = rawInspect('web');
    assert.deepEqual(raw.HostConfig.PortBindings['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(webPort) }]);
    assert.deepEqual(raw.HostConfig.PortBindings['9999/udp'], [{ HostIp: '', HostPort: String(webPort) }]);
    const mounts = raw.Mounts.map((m: any) => `${m.Type}:${m.Source}:${m.Destination}:${m.RW}`).sort();
    assert.deepEqual(mounts, [`bind:${data}:/data:true`, `bind:${www}:/www:false`]);
    assert.ok(raw.Config.Env.includes('GREETING=hello world'));
    assert.ok(raw.Config.Env.includes('EMPTY='));
    // The secret reached the container through the CLI's environment, not its argv.
    assert.ok(raw.Config.Env.includes(`API_TOKEN=${SECRET}`));
    assert.equal(raw.Config.User, '1234:1234');
    assert.equal(raw.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.equal(raw.Config.StopTimeout, 300);
    assert.equal(raw.Config.Labels['io.depin.network'], 'test');

    if (dockerd!.ports) {
      const body = await waitFor(async () => {
        const res = await fetch(`http://127.0.0.1:${webPort}/index.html`);
        return res.ok ? res.text() : undefined;
      });
      assert.equal(body, 'served through a published port\n');
    }
  });

  test('diffContainer: empty for the same spec, the changed fields otherwise', async () => {
    const inspected = await docker.inspectContainer('web');
    const image = await docker.inspectImage(BUSYBOX_IMAGE);
    assert.ok(inspected.ok && inspected.value && image.ok && image.value);
    assert.deepEqual(diffContainer(webSpec(), inspected.value, image.value), []);
    assert.deepEqual(diffContainer(webSpec(), inspected.value), []);
    const changed: ContainerSpec = { ...webSpec(), env: { GREETING: 'bye' }, restart: 'always', stopTimeoutSeconds: 30, user: undefined };
    const fields = diffContainer(changed, inspected.value, image.value).map((d) => d.field);
    assert.deepEqual(fields.sort(), ['env', 'restart', 'stopTimeout', 'user']);
    const text = JSON.stringify(diffContainer({ ...webSpec(), secretEnv: {} }, inspected.value, image.value));
    assert.ok(!text.includes(SECRET), 'a diff never shows a secret value');
  });

  test('stop, start and restart change the state', async () => {
    const stopped = await docker.stop('web', 1);
    assert.ok(stopped.ok, JSON.stringify(stopped));
    const afterStop = await docker.inspectContainer('web');
    assert.equal(afterStop.ok && afterStop.value?.state.status, 'exited');
    assert.ok(afterStop.ok && afterStop.value?.state.running === false);

    assert.ok((await docker.start('web')).ok);
    const afterStart = await docker.inspectContainer('web');
    assert.ok(afterStart.ok && afterStart.value);
    assert.equal(afterStart.value.state.status, 'running');

    const restarted = await docker.restart('web', 1);
    assert.ok(restarted.ok, JSON.stringify(restarted));
    const afterRestart = await docker.inspectContainer('web');
    assert.ok(afterRestart.ok && afterRestart.value);
    assert.equal(afterRestart.value.state.status, 'running');
    assert.notEqual(afterRestart.value.state.startedAt, afterStart.value.state.startedAt);

    const missing = await docker.stop('no-such-container', 1);
    assert.ok(!missing.ok && missing.absent);
  });

  test('remove refuses a running container, removes a stopped one, and is fine when absent', async () => {
    const refused = await docker.remove('web');
    assert.ok(!refused.ok);
    assert.match(refused.reason, /running|stop/i);
    assert.ok((await docker.stop('web', 1)).ok);
    const removed = await docker.remove('web');
    assert.deepEqual(removed, { ok: true, value: { removed: true } });
    assert.deepEqual(await docker.inspectContainer('web'), { ok: true, value: undefined });
    assert.deepEqual(await docker.remove('web'), { ok: true, value: { removed: false } });
  });

  test('logs: the last lines, and follow until aborted', async () => {
    const spec: ContainerSpec = {
      name: 'ticker',
      image: BUSYBOX_IMAGE,
      ports: [],
      mounts: [],
      env: {},
      restart: 'no',
      command: ['sh', '-c', 'echo first; echo to-stderr >&2; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done'],
    };
    assert.ok((await docker.createAndStart(spec)).ok);
    await waitFor(async () => {
      const seen: string[] = [];
      await docker.logs('ticker', { onLine: (l) => seen.push(l) });
      return seen.includes('tick 2') ? true : undefined;
    });
    const all: [string, string][] = [];
    const done = await docker.logs('ticker', { onLine: (l, s) => all.push([l, s]) });
    assert.deepEqual(done, { ok: true, value: { cancelled: false } });
    // docker logs replays the two streams through separate pipes, so their relative order can vary.
    assert.ok(all.some(([l, s]) => l === 'first' && s === 'stdout'));
    assert.ok(all.some(([l, s]) => l === 'to-stderr' && s === 'stderr'));
    const last: string[] = [];
    await docker.logs('ticker', { lines: 1, onLine: (l) => last.push(l) });
    assert.equal(last.length, 1);
    assert.match(last[0], /^tick \d+$/);

    const controller = new AbortController();
    const followed: string[] = [];
    const startedAt = Date.now();
    const following = docker.logs('ticker', {
      follow: true,
      lines: 0,
      signal: controller.signal,
      onLine: (l) => {
        followed.push(l);
        if (followed.length === 3) controller.abort();
      },
    });
    const end = await following;
    assert.deepEqual(end, { ok: true, value: { cancelled: true } });
    assert.ok(followed.length >= 3 && followed.every((l) => /^tick \d+$/.test(l)), followed.join('|'));
    assert.ok(Date.now() - startedAt < 10_000);
    assert.ok((await docker.stop('ticker', 1)).ok);
    assert.ok((await docker.remove('ticker')).ok);
    const gone = await docker.logs('ticker', { onLine: () => undefined });
    assert.ok(!gone.ok && gone.absent);
  });

  test('runOnce waits for the exit, returns code and output, masks secrets and removes the container', async () => {
    const lines: string[] = [];
    const result = await docker.runOnce(
      {
        name: 'once',
        image: BUSYBOX_IMAGE,
        ports: [],
        mounts: [],
        env: {},
        secretEnv: { TOKEN: 'once-token' },
        restart: 'unless-stopped',
        command: ['sh', '-c', 'echo working; echo "token is $TOKEN"; exit 3'],
      },
      { secretValues: { 'once-token': SECRET }, onLine: (l) => lines.push(l) },
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.exitCode, 3);
    assert.match(result.value.output, /working\ntoken is \*\*\*\n/);
    assert.ok(!result.value.output.includes(SECRET) && !lines.join('\n').includes(SECRET));
    assert.deepEqual(await docker.inspectContainer('once'), { ok: true, value: undefined });
  });

  test('an image that is absent and cannot be pulled: a clear failure and nothing left behind', async () => {
    const ref = '127.0.0.1:1/depin/absent:1.0';
    const progress: string[] = [];
    const result = await docker.createAndStart(
      { name: 'absent', image: ref, ports: [], mounts: [], env: {}, secretEnv: { T: 't' }, restart: 'no' },
      { t: SECRET },
      { onProgress: (l) => progress.push(l) },
    );
    assert.ok(!result.ok);
    assert.match(result.reason, /^image 127\.0\.0\.1:1\/depin\/absent:1\.0 is absent and cannot be pulled: .+/);
    assert.deepEqual(result.command, ['docker', 'pull', ref]);
    assert.ok(!JSON.stringify(result).includes(SECRET));
    assert.deepEqual(await docker.inspectContainer('absent'), { ok: true, value: undefined });
    assert.deepEqual(await docker.inspectImage(ref), { ok: true, value: undefined });
  });

  test(
    'a start that fails (port already bound) removes the new container; the error holds no secret',
    { skip: !dockerd?.ports && 'no bridge here' },
    async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as AddressInfo).port;
      try {
        const spec: ContainerSpec = {
          name: 'blocked',
          image: BUSYBOX_IMAGE,
          ports: [{ host: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }],
          mounts: [],
          env: {},
          secretEnv: { TOKEN: 'blocked-token' },
          restart: 'unless-stopped',
          command: ['sleep', '60'],
        };
        const result = await docker.createAndStart(spec, { 'blocked-token': SECRET });
        assert.ok(!result.ok);
        assert.match(result.reason, /docker start blocked failed, so the new container was removed: .*(address already in use|bind)/is);
        assert.ok(!JSON.stringify(result).includes(SECRET));
        assert.deepEqual(await docker.inspectContainer('blocked'), { ok: true, value: undefined });
      } finally {
        blocker.close();
      }
    },
  );

  test('a taken name fails the create and leaves the existing container alone', async () => {
    const spec: ContainerSpec = { name: 'taken', image: BUSYBOX_IMAGE, ports: [], mounts: [], env: {}, restart: 'no', command: ['sleep', '60'] };
    assert.ok((await docker.createAndStart(spec)).ok);
    const again = await docker.createAndStart({ ...spec, env: { X: '1' } });
    assert.ok(!again.ok);
    assert.match(again.reason, /docker create taken failed: .*already in use/s);
    const still = await docker.inspectContainer('taken');
    assert.equal(still.ok && still.value?.state.status, 'running');
    assert.ok((await docker.stop('taken', 0)).ok);
    assert.ok((await docker.remove('taken')).ok);
  });

  test('a missing secret value or a bad spec fails before docker runs', async () => {
    const spec: ContainerSpec = { name: 'nosecret', image: BUSYBOX_IMAGE, ports: [], mounts: [], env: {}, secretEnv: { TOKEN: 'absent-ref' }, restart: 'no' };
    const missing = await docker.createAndStart(spec, {});
    assert.ok(!missing.ok);
    assert.match(missing.reason, /secret absent-ref \(for TOKEN in nosecret\) has no value/);
    const bad = await docker.createAndStart({ ...spec, name: '-rm', secretEnv: {} });
    assert.ok(!bad.ok);
    assert.match(bad.reason, /container name "-rm"/);
    assert.deepEqual(await docker.inspectContainer('nosecret'), { ok: true, value: undefined });
  });

  test('GPU device requests: docker accepts the argv and inspect reads them back', async () => {
    const spec: ContainerSpec = { name: 'gpu', image: BUSYBOX_IMAGE, ports: [], mounts: [], env: {}, restart: 'no', gpus: ['0', '1'], command: ['true'] };
    // Created only: starting needs an NVIDIA runtime, which this machine may lack.
    const r = spawnSync('docker', runArgs(spec, 'create'), { env: dockerd!.env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const inspected = await docker.inspectContainer('gpu');
    assert.ok(inspected.ok && inspected.value);
    assert.deepEqual(inspected.value.gpus, ['0', '1']);
    assert.deepEqual(diffContainer(spec, inspected.value), []);
    assert.deepEqual(
      diffContainer({ ...spec, gpus: 'all' }, inspected.value).map((d) => d.field),
      ['gpus'],
    );
    assert.equal(rawInspect('gpu').HostConfig.DeviceRequests[0].DeviceIDs.join(','), '0,1');
    assert.ok((await docker.remove('gpu')).ok);
  });

  test('printed commands show secret names, never values', () => {
    const spec = webSpec();
    const printed = displayCommand(displayArgs(spec));
    assert.match(printed, /--env=API_TOKEN(\s|$)/);
    assert.ok(!printed.includes(SECRET));
  });
});

describe('docker missing or its daemon down', { skip: !spawnSync('docker', ['--version']).stdout?.length && 'the docker CLI is not installed' }, () => {
  test('a daemon that does not answer is named, with the fix', async () => {
    const env = { ...process.env, DOCKER_HOST: `unix://${join(work, 'nothing.sock')}`, DOCKER_CONFIG: join(work, 'cli') };
    const available = await dockerClient({ env }).dockerAvailable();
    assert.ok(!available.ok);
    assert.match(available.reason, /not running or not reachable at unix:\/\/.*nothing\.sock/);
    assert.match(available.fix, /start the Docker daemon that DOCKER_HOST=.* points to/);
    const down = await dockerClient({ env: { ...env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }).inspectContainer('x');
    assert.ok(!down.ok, 'a daemon that is down is a failure, never "absent"');
  });

  test('a missing docker CLI is named, with the install command', async () => {
    const empty = join(work, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const available = await dockerClient({ env: { ...process.env, PATH: empty } }).dockerAvailable();
    assert.deepEqual(available.ok, false);
    assert.ok(!available.ok);
    assert.match(available.reason, /docker command is not installed/);
    assert.match(available.fix, /apt-get install docker\.io/);
  });
});
