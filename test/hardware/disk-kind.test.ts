import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindForMount, kindOfBlockDevice, kindsFromSiBlockDevices, parseLsblkKinds } from '../../src/hardware/disk-kind.js';
import { disksFrom } from '../../src/hardware/probe-disks.js';
import { fixtureText } from './fixtures.js';

test('recorded lsblk of the CI VM: the rotational virtio disk is an HDD', () => {
  const index = parseLsblkKinds(fixtureText('lsblk-ci-debian12.json'));
  assert.equal(kindForMount(index, '/'), 'hdd');
  assert.equal(index.byDevice['/dev/vda'], 'hdd');
  // zram is a RAM disk: no kind a requirement could mean.
  assert.equal(index.byDevice['/dev/zram0'], 'unknown');
});

test('partitions, LVM and RAID take the kind of the disks beneath them', () => {
  const index = parseLsblkKinds(fixtureText('lsblk-composed-workstation.json'));
  assert.deepEqual(index.byMount, {
    '/srv/storage': 'hdd',
    '/data': 'hdd',
    '/mixed': 'unknown',
    '/boot/efi': 'nvme',
    '/': 'nvme',
    '/home': 'nvme',
  });
  assert.equal(index.byDevice['/dev/mapper/vg0-root'], 'nvme');
  assert.equal(index.byDevice['/dev/sr0'], 'unknown');
});

test('util-linux 2.32 writes rota as strings; SD cards are flash, loop devices unknown', () => {
  const index = parseLsblkKinds(fixtureText('lsblk-composed-util-linux-2.32.json'));
  assert.deepEqual(index.byMount, { '/boot/firmware': 'ssd', '/': 'ssd', '/mnt/usb-hdd': 'hdd', '/snap/core/1': 'unknown' });
});

test('a device is looked up by mount first, then by its device path', () => {
  const index = parseLsblkKinds(fixtureText('lsblk-composed-workstation.json'));
  assert.equal(kindForMount(index, '/var/lib/docker', '/dev/mapper/vg0-root'), 'nvme');
  assert.equal(kindForMount(index, '/nowhere', '/dev/nothing'), 'unknown');
  assert.equal(kindForMount(index, '/nowhere'), 'unknown');
});

test('kind of a single block device', () => {
  assert.equal(kindOfBlockDevice({ name: 'nvme1n1', rota: false }), 'nvme');
  assert.equal(kindOfBlockDevice({ name: '/dev/sda', rota: false, tran: 'nvme' }), 'nvme');
  assert.equal(kindOfBlockDevice({ name: 'sda', rota: '1' }), 'hdd');
  assert.equal(kindOfBlockDevice({ name: 'sda', rota: 0 }), 'ssd');
  assert.equal(kindOfBlockDevice({ name: 'sda' }), 'unknown');
  assert.equal(kindOfBlockDevice({ name: 'loop3', type: 'loop', rota: false }), 'unknown');
});

test('garbage from lsblk gives an empty index, not an exception', () => {
  assert.deepEqual(parseLsblkKinds('lsblk: unknown column'), { byMount: {}, byDevice: {} });
  assert.deepEqual(parseLsblkKinds('{}'), { byMount: {}, byDevice: {} });
});

test('recorded systeminformation block devices map to kinds (the macOS/Windows path)', () => {
  const index = kindsFromSiBlockDevices(JSON.parse(fixtureText('si-block-devices-ci-debian12.json')));
  assert.equal(kindForMount(index, '/'), 'hdd');
  assert.equal(index.byDevice['/dev/zram0'], 'ssd');
  const nvme = kindsFromSiBlockDevices([{ name: 'disk0s2', mount: '/System/Volumes/Data', physical: 'SSD', protocol: 'PCI-Express' }]);
  assert.equal(kindForMount(nvme, '/System/Volumes/Data'), 'nvme');
});

test('filesystems join their disk kinds; a mount listed twice is kept once', () => {
  const index = parseLsblkKinds(fixtureText('lsblk-composed-workstation.json'));
  const disks = disksFrom(
    [
      { fs: '/dev/mapper/vg0-root', type: 'ext4', size: 1e12, available: 4e11, mount: '/' },
      { fs: '/dev/md0', type: 'xfs', size: 8e12, available: 3e12, mount: '/data' },
      { fs: '/dev/md0', type: 'xfs', size: 8e12, available: 3e12, mount: '/data' },
      { fs: 'overlay', type: 'overlay', size: 1e12, available: 4e11, mount: '/var/lib/docker/overlay2/x/merged' },
    ],
    index,
  );
  assert.deepEqual(disks, [
    { mount: '/', fs: 'ext4', kind: 'nvme', sizeBytes: 1e12, freeBytes: 4e11, device: '/dev/mapper/vg0-root' },
    { mount: '/data', fs: 'xfs', kind: 'hdd', sizeBytes: 8e12, freeBytes: 3e12, device: '/dev/md0' },
    { mount: '/var/lib/docker/overlay2/x/merged', fs: 'overlay', kind: 'unknown', sizeBytes: 1e12, freeBytes: 4e11, device: 'overlay' },
  ]);
});
