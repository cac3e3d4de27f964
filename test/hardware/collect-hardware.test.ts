import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { collectHardware } from '../../src/hardware/index.js';
import { DOCKER_INFO_FORMAT } from '../../src/hardware/parse-tool-versions.js';
import { which } from '../../src/system/which.js';
import { createFakeBin, readArgv } from '../helpers/fake-bin.js';
import { makeTempHome } from '../helpers/temp-home.js';
import { fixturePath, fixtureProfile, fixtureText } from './fixtures.js';

const home = makeTempHome();
after(() => home.cleanup());
let n = 0;
/** A fresh folder of fake tools and the env whose PATH holds only it. */
function fakeTools(): { bin: string; env: NodeJS.ProcessEnv } {
  const bin = join(home.home, `bin${n++}`);
  mkdirSync(bin, { recursive: true });
  return { bin, env: { ...home.env, PATH: bin } };
}
/** An empty filesystem root, so no real /sys or /run leaks into a test. */
function emptyRoot(): string {
  return mkdtempSync(join(home.home, 'root-'));
}
const ID = 'index,name,uuid,pci.bus_id,memory.total';
const QUERY_KMD = `--query-gpu=${ID},kmd_version,compute_cap,ecc.mode.current,mig.mode.current`;
const QUERY_DRIVER = `--query-gpu=${ID},driver_version,compute_cap,ecc.mode.current,mig.mode.current`;
const QUERY_ANY = `--query-gpu=${ID},driver_version,ecc.mode.current`;
const CSV = '--format=csv,nounits';
// Each fake call starts a Node process; on a busy machine a few of them in a row take seconds.
const PATIENT_MS = 20_000;
const refused = (field: string) => ({ stdout: `Field "${field}" is not a valid field to query.\n\n`, exitCode: 2 });
const XML_FAILS = { when: ['-q'], stderr: 'Unable to determine the device handle for GPU0000:01:00.0: Unknown Error\n', exitCode: 15 };
const sortArgv = (argv: string[][]) => [...argv].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

test('this machine: the profile agrees with what Node and the kernel say', async () => {
  const hw = await collectHardware();
  assert.equal(hw.os.platform, process.platform);
  assert.equal(hw.os.kernel, release());
  assert.equal(hw.cpu.threads, cpus().length);
  assert.ok(hw.cpu.physicalCores >= 1 && hw.cpu.physicalCores <= hw.cpu.threads);
  assert.equal(hw.memory.totalBytes, totalmem());
  assert.ok(hw.memory.availableBytes > 0 && hw.memory.availableBytes <= hw.memory.totalBytes);
  const root = hw.disks.find((d) => d.mount === '/');
  assert.ok(root, 'the root filesystem is listed');
  const st = statfsSync('/');
  assert.equal(root.sizeBytes, st.blocks * st.bsize);
  assert.equal(hw.runtimes.docker.installed, which('docker') !== undefined);
  assert.equal(hw.runtimes.kubectl.installed, which('kubectl') !== undefined);
  assert.equal(hw.runtimes.systemd, existsSync('/run/systemd/system'));
  assert.ok(!Number.isNaN(Date.parse(hw.collectedAt)));
  assert.equal(hw.network.publicIp, undefined, 'no network lookup unless asked');

  // The CI machine has no GPU, no nvidia-smi and no Docker daemon: the probes must say so, not throw.
  const drm = existsSync('/sys/class/drm') ? readdirSync('/sys/class/drm').filter((f) => /^card\d+$/.test(f)) : [];
  if (!which('nvidia-smi') && drm.length === 0) assert.deepEqual(hw.gpus, []);
  if (!existsSync('/var/run/docker.sock')) assert.equal(hw.runtimes.docker.daemon, false);
});

test('no tools on PATH: every runtime absent, no GPU, nothing thrown', async () => {
  const { env } = fakeTools();
  const hw = await collectHardware({ env, fsRoot: emptyRoot() });
  assert.deepEqual(hw.gpus, []);
  assert.deepEqual(hw.runtimes, {
    docker: { installed: false, daemon: false },
    podman: { installed: false },
    nvidiaContainerToolkit: false,
    systemd: false,
    kubectl: { installed: false },
    helm: { installed: false },
  });
  // Without lsblk the kind of a disk is not knowable.
  assert.ok(hw.disks.every((d) => d.kind === 'unknown'));
  assert.equal(hw.os.distro, 'Linux');
});

test('fake nvidia-smi of driver 550 (composed RTX 4090): the three queries at once, kmd_version refused', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [
      { when: [QUERY_KMD], ...refused('kmd_version') },
      { when: [QUERY_DRIVER], stdoutFile: fixturePath('nvidia-smi-rtx4090-query.csv') },
      { when: [QUERY_ANY], stdout: 'index, name, uuid, pci.bus_id, memory.total [MiB], driver_version, ecc.mode.current\n0, wrong answer, , , 1, 1, [N/A]\n' },
      { when: ['-q', '-x'], stdoutFile: fixturePath('nvidia-smi-rtx4090-q-x.xml') },
    ],
    stderr: 'unexpected call\n',
    exitCode: 2,
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.deepEqual(
    sortArgv(readArgv(bin, 'nvidia-smi')),
    sortArgv([
      [QUERY_KMD, CSV],
      [QUERY_DRIVER, CSV],
      [QUERY_ANY, CSV],
      ['-q', '-x'],
    ]),
  );
  assert.deepEqual(hw.gpus, fixtureProfile('profile-rtx4090-workstation.json').gpus);
});

test('fake nvidia-smi of a 410 driver: only the query every driver knows is answered', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [
      { when: [QUERY_KMD], ...refused('kmd_version') },
      { when: [QUERY_DRIVER], stdoutFile: fixturePath('nvidia-smi-gtx1060-compute-cap-error.txt'), exitCode: 2 },
      { when: [QUERY_ANY], stdoutFile: fixturePath('nvidia-smi-gtx1060-query.csv') },
      { when: ['-q', '-x'], stdoutFile: fixturePath('nvidia-smi-gtx1060-q-x.xml') },
    ],
    exitCode: 2,
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.equal(readArgv(bin, 'nvidia-smi').length, 4);
  assert.deepEqual(hw.gpus, fixtureProfile('profile-gtx1060-legacy.json').gpus);
});

test('every query refused and no XML: no GPU, nothing retried', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', refused('index'));
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.deepEqual(hw.gpus, []);
  assert.equal(readArgv(bin, 'nvidia-smi').length, 4);
});

test('fake nvidia-smi of driver 610 (recorded RTX 2080 SUPER): KMD and CUDA UMD versions from the banner', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [{ when: [CSV], stdoutFile: fixturePath('nvidia-smi-rtx2080super-610.57.04-query.csv') }, XML_FAILS],
    stdoutFile: fixturePath('nvidia-smi-rtx2080super-610.57.04-banner.txt'),
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.deepEqual(readArgv(bin, 'nvidia-smi').at(-1), []);
  assert.deepEqual(hw.gpus, [
    {
      vendor: 'nvidia',
      model: 'NVIDIA GeForce RTX 2080 SUPER',
      vramMb: 8192,
      driver: '610.57.04',
      cuda: '13.3',
      computeCapability: '7.5',
      uuid: 'GPU-00000000-0000-0000-0000-000000000000',
      busId: '00000000:0C:00.0',
      ecc: false,
    },
  ]);
});

test('fake nvidia-smi of an H200 with MIG on (recorded CSV and banner): whole-card memory, MIG reported', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [
      { when: [QUERY_KMD], ...refused('kmd_version') },
      { when: [CSV], stdoutFile: fixturePath('nvidia-smi-h200-mig-590.48.01-query.csv') },
      XML_FAILS,
    ],
    stdoutFile: fixturePath('nvidia-smi-h200-mig-590.48.01-banner.txt'),
  });
  const [gpu] = (await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS })).gpus;
  assert.deepEqual(
    [gpu?.model, gpu?.vramMb, gpu?.driver, gpu?.cuda, gpu?.computeCapability, gpu?.ecc, gpu?.mig],
    ['NVIDIA H200', 143771, '590.48.01', '13.1', '9.0', true, { enabled: true }],
  );
});

test('fake nvidia-smi whose query fails: the XML of an A100 with MIG on (recorded) gives the card, not a slice', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [
      { when: [CSV], stderr: 'Unable to determine the device handle for GPU0000:01:00.0: Unknown Error\n', exitCode: 15 },
      { when: ['-q', '-x'], stdoutFile: fixturePath('nvidia-smi-a100-sxm4-80gb-mig-535.54.03-q-x.xml') },
    ],
    exitCode: 2,
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.equal(hw.gpus.length, 1);
  assert.deepEqual([hw.gpus[0]?.vramMb, hw.gpus[0]?.mig, hw.gpus[0]?.driver, hw.gpus[0]?.cuda], [81920, { enabled: true, devices: 4 }, '535.54.03', '12.2']);
});

test('fake nvidia-smi whose -q -x fails: the CUDA version comes from the banner', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    responses: [{ when: [CSV], stdoutFile: fixturePath('nvidia-smi-l40s-595.80-query.csv') }, XML_FAILS],
    stdoutFile: fixturePath('nvidia-smi-l40s-595.80-banner.txt'),
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: PATIENT_MS });
  assert.deepEqual(readArgv(bin, 'nvidia-smi').at(-1), []);
  assert.equal(hw.gpus[0]?.cuda, '13.2');
  assert.equal(hw.gpus[0]?.driver, '595.80');
  assert.equal(hw.gpus[0]?.ecc, true);
});

test('fake nvidia-smi without a driver: no GPU from it, and an NVIDIA card in DRM still shows', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-smi', {
    stdout:
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n\n",
    exitCode: 9,
  });
  const root = emptyRoot();
  const card = join(root, 'sys/class/drm/card0/device');
  mkdirSync(card, { recursive: true });
  writeFileSync(join(card, 'vendor'), '0x10de\n');
  writeFileSync(join(card, 'device'), '0x2684\n');
  writeFileSync(join(card, 'uevent'), 'DRIVER=nouveau\nPCI_SLOT_NAME=0000:01:00.0\n');
  mkdirSync(join(root, 'usr/share/misc'), { recursive: true });
  writeFileSync(join(root, 'usr/share/misc/pci.ids'), fixtureText('pci-ids-excerpt.txt'));
  const hw = await collectHardware({ env, fsRoot: root });
  assert.deepEqual(hw.gpus, [{ vendor: 'nvidia', model: 'AD102 [GeForce RTX 4090]', busId: '0000:01:00.0' }]);
});

test('AMD and Intel GPUs from /sys/class/drm; BMC display chips and connectors are skipped', async () => {
  const { env } = fakeTools();
  const root = emptyRoot();
  const write = (card: string, files: Record<string, string>) => {
    const d = join(root, 'sys/class/drm', card, 'device');
    mkdirSync(d, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  };
  write('card0', { vendor: '0x1a03\n', device: '0x2000\n' });
  write('card1', { vendor: '0x1002\n', device: '0x73bf\n', mem_info_vram_total: '17163091968\n', uevent: 'DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0\n' });
  write('card2', { vendor: '0x8086\n', device: '0x3e92\n', uevent: 'DRIVER=i915\nPCI_SLOT_NAME=0000:00:02.0\n' });
  write('card1-DP-1', { vendor: '0x1002\n', device: '0x73bf\n' });
  mkdirSync(join(root, 'usr/share/hwdata'), { recursive: true });
  writeFileSync(join(root, 'usr/share/hwdata/pci.ids'), fixtureText('pci-ids-excerpt.txt'));
  const hw = await collectHardware({ env, fsRoot: root });
  assert.deepEqual(hw.gpus, [
    { vendor: 'amd', model: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', vramMb: 16368, busId: '0000:03:00.0' },
    { vendor: 'intel', model: 'CoffeeLake-S GT2 [UHD Graphics 630]', busId: '0000:00:02.0' },
  ]);
});

test('fake docker whose `info` fails (recorded no-daemon output): installed, daemon false', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'docker', {
    responses: [
      { when: ['--version'], stdoutFile: fixturePath('docker-version-28.2.2.txt') },
      { when: ['info'], stdout: '\n', stderr: fixtureText('docker-info-no-daemon.stderr.txt'), exitCode: 1 },
    ],
    exitCode: 125,
  });
  const hw = await collectHardware({ env, fsRoot: emptyRoot() });
  assert.deepEqual(hw.runtimes.docker, { installed: true, version: '28.2.2', daemon: false });
  assert.equal(hw.runtimes.nvidiaContainerToolkit, false);
  assert.deepEqual(sortArgv(readArgv(bin, 'docker')), sortArgv([['--version'], ['info', '--format', DOCKER_INFO_FORMAT]]));
});

test('fake docker with an nvidia runtime, podman, kubectl, helm and systemd', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'docker', {
    responses: [
      { when: ['--version'], stdout: 'Docker version 26.1.3, build b72abbb\n' },
      { when: ['info'], stdoutFile: fixturePath('docker-info-composed-nvidia-runtime.txt') },
    ],
  });
  createFakeBin(bin, 'podman', { stdout: 'podman version 4.3.1\n' });
  createFakeBin(bin, 'kubectl', { stdoutFile: fixturePath('kubectl-version-client.json') });
  createFakeBin(bin, 'helm', { stdout: 'v3.14.2+gc309b6f\n' });
  const root = emptyRoot();
  mkdirSync(join(root, 'run/systemd/system'), { recursive: true });
  const hw = await collectHardware({ env, fsRoot: root });
  assert.deepEqual(hw.runtimes, {
    docker: { installed: true, version: '26.1.3', daemon: true },
    podman: { installed: true, version: '4.3.1' },
    nvidiaContainerToolkit: true,
    systemd: true,
    kubectl: { installed: true, version: '1.32.4-dispatcher' },
    helm: { installed: true, version: '3.14.2' },
  });
  assert.deepEqual(readArgv(bin, 'podman'), [['--version']]);
  assert.deepEqual(readArgv(bin, 'kubectl'), [['version', '--client', '-o', 'json']]);
  assert.deepEqual(readArgv(bin, 'helm'), [['version', '--short']]);
});

test('nvidia-ctk on PATH means the toolkit is there even without a Docker daemon', async () => {
  const { bin, env } = fakeTools();
  createFakeBin(bin, 'nvidia-ctk', { stdout: 'NVIDIA Container Toolkit CLI version 1.14.6\n' });
  const hw = await collectHardware({ env, fsRoot: emptyRoot() });
  assert.equal(hw.runtimes.nvidiaContainerToolkit, true);
  assert.deepEqual(hw.runtimes.docker, { installed: false, daemon: false });
});

test('a tool that hangs is cut off by timeoutMs and counts as absent data', async () => {
  const { bin, env } = fakeTools();
  writeFileSync(join(bin, 'docker'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  const hw = await collectHardware({ env, fsRoot: emptyRoot(), timeoutMs: 300 });
  assert.deepEqual(hw.runtimes.docker, { installed: true, daemon: false });
});

test('the machine fixture recorded here is a complete profile of the same shape', () => {
  const recorded = fixtureProfile('profile-ci-debian12.json');
  assert.match(recorded.source ?? '', /^recorded on the project CI machine/);
  assert.deepEqual(recorded.gpus, []);
  assert.equal(recorded.runtimes.docker.daemon, false);
  assert.equal(recorded.disks.find((d) => d.mount === '/')?.kind, 'hdd');
});
