import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { runCli, tempHome, type CliResult } from '../helpers/cli.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { fixturePath, fixtureProfile } from '../hardware/fixtures.js';
import { DOCKER_INFO_FORMAT } from '../../src/hardware/parse-tool-versions.js';
import { formatBytes, formatGb } from '../../src/core/format-bytes.js';
import { which } from '../../src/system/which.js';

const IDS = ['akash', 'arweave', 'filecoin', 'grass', 'helium', 'hivemapper', 'ionet', 'iotex', 'nosana', 'peaq', 'render', 'roam', 'storj'];
const GPU_NETWORKS = ['render', 'nosana', 'ionet'];
const DEVICE_NETWORKS = ['helium', 'hivemapper', 'roam'];
const JOIN_KINDS = ['container', 'binary', 'kubernetes', 'device', 'manual'];
// depin asks three query lists at once; driver 550 refuses the first (kmd_version) and answers the others.
const ID = 'index,name,uuid,pci.bus_id,memory.total';
const QUERY_KMD = `--query-gpu=${ID},kmd_version,compute_cap,ecc.mode.current,mig.mode.current`;
const QUERY_DRIVER = `--query-gpu=${ID},driver_version,compute_cap,ecc.mode.current,mig.mode.current`;
const QUERY_ANY = `--query-gpu=${ID},driver_version,ecc.mode.current`;

interface Verdict {
  id: string;
  name: string;
  category: string;
  eligible: boolean;
  verdict: 'eligible' | 'not-eligible' | 'dedicated-hardware';
  reasons: string[];
  notes: string[];
  joinKind: string;
}

const byId = (networks: Verdict[], id: string) => networks.find((n) => n.id === id)!;
const sortArgv = (argv: string[][]) => [...argv].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Table rows start with "│ Name (id)"; answers the ids in the order the table prints them. */
function tableOrder(stdout: string, networks: Verdict[]): string[] {
  const positions = networks.map((n) => ({ id: n.id, at: stdout.indexOf(`│ ${n.name} (${n.id})`) }));
  for (const p of positions) assert.ok(p.at >= 0, `the table has a row for ${p.id}`);
  return positions.sort((a, b) => a.at - b.at).map((p) => p.id);
}

/** The machine has no GPU that depin could see: no nvidia-smi and no DRM card. */
function machineHasNoGpu(): boolean {
  const drm = existsSync('/sys/class/drm') ? readdirSync('/sys/class/drm').filter((f) => /^card\d+$/.test(f)) : [];
  return !which('nvidia-smi') && drm.length === 0;
}

describe('depin detect on this machine', () => {
  const home = tempHome();
  after(() => home.cleanup());
  let json: CliResult;
  let human: CliResult;
  before(async () => {
    [json, human] = await Promise.all([runCli(['detect', '--json'], { env: home.env }), runCli(['detect'], { env: home.env })]);
  });

  it('--json prints one document: the hardware profile of this machine', () => {
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, '');
    const { hardware, disabledPlugins } = json.json();
    for (const key of ['os', 'cpu', 'memory', 'disks', 'gpus', 'runtimes']) assert.ok(key in hardware, `hardware.${key}`);
    assert.equal(hardware.os.platform, process.platform);
    assert.equal(hardware.cpu.threads, cpus().length);
    assert.equal(hardware.memory.totalBytes, totalmem());
    assert.ok(Array.isArray(hardware.disks) && hardware.disks.some((d: { mount: string }) => d.mount === '/'));
    assert.ok(Array.isArray(hardware.gpus));
    assert.equal(typeof hardware.runtimes.docker.installed, 'boolean');
    assert.equal(hardware.runtimes.docker.installed, which('docker') !== undefined);
    assert.deepEqual(disabledPlugins, []);
  });

  it('--json judges all 13 networks, each with id, name, eligible, reasons and join kind', () => {
    const networks = json.json().networks as Verdict[];
    assert.deepEqual(networks.map((n) => n.id).sort(), IDS);
    for (const n of networks) {
      assert.equal(typeof n.name, 'string');
      assert.ok(n.name.length > 0);
      assert.equal(typeof n.eligible, 'boolean');
      assert.ok(JOIN_KINDS.includes(n.joinKind), `${n.id} joinKind ${n.joinKind}`);
      assert.ok(Array.isArray(n.reasons) && n.reasons.every((r) => typeof r === 'string' && r.length > 0));
      // A verdict and its reasons agree: eligible means nothing is missing, anything else says what is.
      assert.equal(n.eligible, n.verdict === 'eligible', n.id);
      assert.equal(n.reasons.length === 0, n.eligible, `${n.id}: ${n.reasons.join('; ')}`);
    }
    const firstNo = networks.findIndex((n) => !n.eligible);
    assert.ok(
      networks.slice(firstNo).every((n) => !n.eligible),
      'eligible networks come first',
    );
  });

  it('--json: the hardware networks need their device', () => {
    const networks = json.json().networks as Verdict[];
    for (const id of DEVICE_NETWORKS) {
      const n = byId(networks, id);
      assert.equal(n.verdict, 'dedicated-hardware', id);
      assert.equal(n.eligible, false);
      assert.equal(n.joinKind, 'device');
      assert.match(n.reasons[0], /^needs dedicated hardware: /);
    }
  });

  it('--json without a GPU: the GPU networks are not eligible, and say it is the NVIDIA GPU', (t) => {
    if (!machineHasNoGpu()) return t.skip('this machine has a GPU');
    const { hardware, networks } = json.json() as { hardware: { gpus: unknown[] }; networks: Verdict[] };
    assert.deepEqual(hardware.gpus, []);
    for (const id of GPU_NETWORKS) {
      const n = byId(networks, id);
      assert.equal(n.eligible, false, id);
      assert.equal(n.verdict, 'not-eligible');
      assert.ok(
        n.reasons.some((r) => /needs an NVIDIA GPU.*; found none$/.test(r)),
        `${id}: ${n.reasons.join('; ')}`,
      );
    }
    assert.ok(byId(networks, 'render').reasons.includes('needs an NVIDIA GPU with at least 8 GB VRAM; found none'));
  });

  it('the human output has the hardware summary and the table, eligible networks first', () => {
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.split('\n');
    for (const label of ['OS', 'CPU', 'Memory', 'Disks', 'GPUs', 'Runtimes'])
      assert.ok(
        lines.some((l) => l.startsWith(label)),
        label,
      );
    // The summary rounds down like the eligibility reasons, so the two never disagree.
    assert.ok(
      lines.some((l) => l.startsWith(`Memory    ${formatBytes(totalmem(), 'down')} (`)),
      human.stdout,
    );
    if (machineHasNoGpu()) assert.ok(lines.includes('GPUs      none'));
    assert.match(human.stdout, /│ network\s+│ verdict\s+│ why \/ notes\s+│/);
    const networks = json.json().networks as Verdict[];
    const order = tableOrder(human.stdout, networks);
    const eligible = networks.filter((n) => n.eligible).map((n) => n.id);
    assert.deepEqual(order.slice(0, eligible.length).sort(), [...eligible].sort(), 'eligible rows first');
    for (const id of DEVICE_NETWORKS) {
      const row = lines.find((l) => l.includes(`(${id})`))!;
      assert.match(row, /│ needs hardware\s+│ ✗ needs dedicated hardware/);
    }
    assert.match(human.stdout, new RegExp(`\\n${eligible.length} of 13 networks fit this machine\\.\\n$`));
    assert.doesNotMatch(human.stdout, /\u001b\[/, 'NO_COLOR and no TTY: no escape codes');
  });
});

describe('depin detect with an RTX 4090 (fake nvidia-smi, docker and nvidia-ctk on PATH)', () => {
  const home = tempHome();
  after(() => home.cleanup());
  const bin = join(home.dir, 'bin');
  const env = { ...home.env, PATH: `${bin}${delimiter}${home.env.PATH}` };
  let json: CliResult;
  let human: CliResult;

  before(async () => {
    createFakeBin(bin, 'nvidia-smi', {
      responses: [
        { when: [QUERY_KMD], stdout: 'Field "kmd_version" is not a valid field to query.\n\n', exitCode: 2 },
        { when: ['--format=csv,nounits'], stdoutFile: fixturePath('nvidia-smi-rtx4090-query.csv') },
        { when: ['-q', '-x'], stdoutFile: fixturePath('nvidia-smi-rtx4090-q-x.xml') },
      ],
      stderr: 'unexpected call\n',
      exitCode: 2,
    });
    createFakeBin(bin, 'docker', {
      responses: [
        { when: ['--version'], stdoutFile: fixturePath('docker-version-28.2.2.txt') },
        { when: ['info'], stdoutFile: fixturePath('docker-info-composed-nvidia-runtime.txt') },
      ],
      stderr: 'unexpected call\n',
      exitCode: 1,
    });
    createFakeBin(bin, 'nvidia-ctk', { stdout: 'NVIDIA Container Toolkit CLI version 1.14.6\n' });
    json = await runCli(['detect', '--json'], { env });
    human = await runCli(['detect'], { env });
  });

  it('nvidia-smi and docker were asked exactly these questions', () => {
    assert.equal(json.code, 0, json.stderr);
    // Two runs of detect, each asking the three queries and the XML once, in any order.
    const once = [
      [QUERY_KMD, '--format=csv,nounits'],
      [QUERY_DRIVER, '--format=csv,nounits'],
      [QUERY_ANY, '--format=csv,nounits'],
      ['-q', '-x'],
    ];
    assert.deepEqual(sortArgv(readArgv(bin, 'nvidia-smi')), sortArgv([...once, ...once]));
    const docker = readArgv(bin, 'docker');
    assert.equal(docker.length, 4);
    assert.deepEqual(sortArgv(docker.slice(0, 2)), sortArgv([['--version'], ['info', '--format', DOCKER_INFO_FORMAT]]));
  });

  it('--json shows the GPU: model, VRAM, driver, CUDA and compute capability', () => {
    const { hardware } = json.json();
    const nvidia = hardware.gpus.filter((g: { vendor: string }) => g.vendor === 'nvidia');
    assert.deepEqual(nvidia, fixtureProfile('profile-rtx4090-workstation.json').gpus);
    assert.deepEqual(nvidia[0], {
      vendor: 'nvidia',
      model: 'NVIDIA GeForce RTX 4090',
      vramMb: 24564,
      driver: '550.54.14',
      cuda: '12.4',
      computeCapability: '8.9',
      uuid: 'GPU-8f6a2c1e-4b7d-93e0-5c2a-1d9e7b3f6a40',
      busId: '00000000:01:00.0',
      ecc: false,
    });
    assert.deepEqual(hardware.runtimes.docker, { installed: true, version: '28.2.2', daemon: true });
    assert.equal(hardware.runtimes.nvidiaContainerToolkit, true);
  });

  it('--json: the GPU reasons are gone; what remains is precisely the rest', () => {
    const { hardware, networks } = json.json() as { hardware: { memory: { totalBytes: number } }; networks: Verdict[] };
    for (const id of GPU_NETWORKS) {
      const n = byId(networks, id);
      assert.ok(!n.reasons.some((r) => /GPU|Container Toolkit/.test(r)), `${id}: ${n.reasons.join('; ')}`);
    }
    // Render asks for 32 GB of RAM beside the GPU; that is the one thing this machine may lack.
    const ram = hardware.memory.totalBytes;
    const render = byId(networks, 'render');
    assert.deepEqual(render.reasons, ram < 32e9 ? [`needs 32 GB RAM; found ${formatGb(ram, 'down')}`] : []);
    assert.equal(render.eligible, ram >= 32e9);
    // io.net checks only the GPU and the toolkit, both present now.
    assert.deepEqual(byId(networks, 'ionet').reasons, []);
    assert.equal(byId(networks, 'ionet').eligible, true);
    // The Docker daemon answers, so no note asks to start it.
    for (const n of networks) assert.ok(!n.notes.some((note) => /daemon did not answer/.test(note)), n.id);
  });

  it('the human summary names the card and the runtimes', () => {
    assert.equal(human.code, 0, human.stderr);
    assert.ok(human.stdout.includes('GPUs      NVIDIA GeForce RTX 4090, 24 GB VRAM, driver 550.54.14, CUDA 12.4, cc 8.9\n'), human.stdout);
    assert.match(human.stdout, /Runtimes  docker 28\.2\.2 · podman: \w+ · NVIDIA toolkit: yes ·/);
    const order = tableOrder(human.stdout, json.json().networks);
    assert.ok(order.indexOf('ionet') < order.indexOf('helium'), 'io.net, now eligible, is listed before the hardware networks');
  });
});

describe('depin detect --network', () => {
  const home = tempHome();
  after(() => home.cleanup());

  it('looks up the public IP and tests the ports the networks need, with reasons instead of guesses', async () => {
    const { createServer } = await import('node:http');
    const echo = createServer((_req, res) => res.end('127.0.0.1'));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const { port } = echo.address() as { port: number };
    try {
      const r = await runCli(['detect', '--network', '--json'], { env: { ...home.env, DEPIN_IP_ECHO_URL: `http://127.0.0.1:${port}/` } });
      assert.equal(r.code, 0, r.stderr);
      const net = r.json().hardware.network;
      // A loopback answer is not a public address: refused, and no port is called reachable on its word.
      assert.equal(net.publicIp, undefined);
      assert.ok(net.ports.every((p: any) => p.reachable === null), JSON.stringify(net.ports));
      assert.match(net.ports[0].reason, /answered 127\.0\.0\.1, which is not a public address/);
      const storjTcp = net.ports.find((p: any) => p.port === 28967 && p.protocol === 'tcp');
      const storjUdp = net.ports.find((p: any) => p.port === 28967 && p.protocol === 'udp');
      assert.ok(storjTcp, JSON.stringify(net.ports));
      assert.equal(storjUdp.reachable, null);
      assert.match(storjUdp.reason, /UDP/);
      // Each port appears once although several networks may need it.
      const keys = net.ports.map((p: any) => `${p.port}/${p.protocol}`);
      assert.equal(new Set(keys).size, keys.length);
    } finally {
      echo.close();
    }
  });

  it('offline, it says it could not check rather than failing', async () => {
    const r = await runCli(['detect', '--network', '--json'], { env: { ...home.env, DEPIN_IP_ECHO_URL: 'http://127.0.0.1:9/' } });
    assert.equal(r.code, 0, r.stderr);
    const json = r.json();
    assert.equal(json.hardware.network.publicIp, undefined);
    assert.ok(json.hardware.network.ports.every((p: any) => p.reachable === null && typeof p.reason === 'string'));
    const storj = json.networks.find((n: any) => n.id === 'storj');
    assert.ok(
      storj.notes.some((n: string) => /28967\/tcp.*could not confirm/.test(n)),
      JSON.stringify(storj.notes),
    );
  });
});
