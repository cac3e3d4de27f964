import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOsRelease } from '../../src/hardware/parse-os-release.js';
import {
  cleanVersion,
  parseDockerInfo,
  parseDockerVersion,
  parseHelmVersion,
  parseKubectlVersion,
  parsePodmanVersion,
} from '../../src/hardware/parse-tool-versions.js';
import { lookupPciName, drmCardsToGpus, siControllersToGpus, vendorOfPciId, parseUevent } from '../../src/hardware/drm-gpus.js';
import { summarizeInterfaces } from '../../src/hardware/network-interfaces.js';
import { parseIpEcho } from '../../src/hardware/probe-network.js';
import { fixtureText } from './fixtures.js';

test('recorded /etc/os-release of Debian 12', () => {
  const os = parseOsRelease(fixtureText('os-release-debian12.txt'));
  assert.equal(os.name, 'Debian GNU/Linux');
  assert.equal(os.versionId, '12');
  assert.equal(os.prettyName, 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(os.id, 'debian');
  assert.deepEqual(parseOsRelease("NAME='Alpine Linux'\nVERSION_ID=3.19.1\n# comment\n"), {
    name: 'Alpine Linux',
    versionId: '3.19.1',
    prettyName: undefined,
    id: undefined,
  });
});

test('tool versions: recorded docker and kubectl, composed podman and helm lines', () => {
  assert.equal(parseDockerVersion(fixtureText('docker-version-28.2.2.txt')), '28.2.2');
  assert.equal(parseKubectlVersion(fixtureText('kubectl-version-client.json')), '1.32.4-dispatcher');
  assert.equal(parseKubectlVersion('Client Version: version.Info{Major:"1", Minor:"20", GitVersion:"v1.20.4", GitCommit:"e87da0"}'), '1.20.4');
  assert.equal(parsePodmanVersion('podman version 4.3.1\n'), '4.3.1');
  assert.equal(parseHelmVersion('v3.14.2+gc309b6f\n'), '3.14.2');
  assert.equal(parseDockerVersion('command not found'), undefined);
  assert.equal(cleanVersion('latest'), undefined);
});

test('docker info: server version and runtimes', () => {
  assert.deepEqual(parseDockerInfo(fixtureText('docker-info-composed-nvidia-runtime.txt')), {
    serverVersion: '26.1.3',
    runtimes: ['io.containerd.runc.v2', 'nvidia', 'runc'],
  });
  // What the recorded CLI prints on stdout when no daemon answers: a lone newline.
  assert.deepEqual(parseDockerInfo('\n'), { serverVersion: undefined, runtimes: [] });
});

test('pci.ids lookup and DRM cards', () => {
  const ids = fixtureText('pci-ids-excerpt.txt');
  assert.equal(lookupPciName(ids, '0x1002', '0x73bf'), 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]');
  assert.equal(lookupPciName(ids, '0x1002', '0x0001'), undefined);
  assert.equal(lookupPciName(ids, '0xffff', '0x0001'), undefined);
  assert.equal(vendorOfPciId('0x1a03\n'), undefined);
  assert.deepEqual(
    drmCardsToGpus(
      [
        { vendorId: '0x1002\n', deviceId: '0x73bf\n', vramBytes: 17163091968, slot: '0000:03:00.0', driver: 'amdgpu' },
        { vendorId: '0x1a03', deviceId: '0x2000' },
        { vendorId: '0x8086', deviceId: '0x9999' },
      ],
      ids,
    ),
    [
      { vendor: 'amd', model: 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', vramMb: 16368, busId: '0000:03:00.0' },
      { vendor: 'intel', model: 'Intel GPU [8086:9999]' },
    ],
  );
  assert.deepEqual(parseUevent('DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0\n'), { DRIVER: 'amdgpu', PCI_SLOT_NAME: '0000:03:00.0' });
});

test('systeminformation graphics controllers (macOS/Windows path)', () => {
  assert.deepEqual(
    siControllersToGpus([
      { vendor: 'Apple', model: 'Apple M2 Pro', vram: null },
      { vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 3060', vram: 12288, driverVersion: '31.0.15.3667', busAddress: '01:00.0' },
      { vendor: '', model: '' },
    ]),
    [
      { vendor: 'apple', model: 'Apple M2 Pro' },
      { vendor: 'nvidia', model: 'NVIDIA GeForce RTX 3060', vramMb: 12288, driver: '31.0.15.3667', busId: '01:00.0' },
    ],
  );
});

test('network interfaces: first addresses, global IPv6 before link-local, speeds', () => {
  const summary = summarizeInterfaces(
    {
      lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
      eth0: [
        { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:fc:00:00:00:01', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
        { address: '192.0.2.2', netmask: '255.255.255.0', family: 'IPv4', mac: '02:fc:00:00:00:01', internal: false, cidr: '192.0.2.2/24' },
        {
          address: '2001:db8::2',
          netmask: 'ffff:ffff:ffff:ffff::',
          family: 'IPv6',
          mac: '02:fc:00:00:00:01',
          internal: false,
          cidr: '2001:db8::2/64',
          scopeid: 0,
        },
      ],
      down: [],
    },
    { eth0: 1000, lo: undefined },
  );
  assert.deepEqual(summary, [
    { name: 'lo', internal: true, ip4: '127.0.0.1' },
    { name: 'eth0', internal: false, ip4: '192.0.2.2', ip6: '2001:db8::2', mac: '02:fc:00:00:00:01', speedMbps: 1000 },
  ]);
});

test('IP echo answers: plain text or JSON, anything else is refused', () => {
  assert.equal(parseIpEcho('203.0.113.7\n'), '203.0.113.7');
  assert.equal(parseIpEcho('{"ip":"2001:db8::7"}'), '2001:db8::7');
  assert.equal(parseIpEcho('<html>captive portal</html>'), undefined);
  assert.equal(parseIpEcho('{"ip":"not an ip"}'), undefined);
});
