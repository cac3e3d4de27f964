import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicAddress } from '../../src/core/ip-address.js';

test('public addresses are told from loopback, private, shared, link-local and reserved ones', () => {
  for (const ip of ['1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '2606:4700::1111', '2a00:1450:4001::1']) {
    assert.equal(isPublicAddress(ip), true, ip);
  }
  for (const ip of [
    '0.0.0.0',
    '10.0.0.1',
    '100.64.0.0',
    '100.127.255.255',
    '127.0.0.1',
    '169.254.1.1',
    '172.16.0.0',
    '172.31.255.255',
    '192.168.0.1',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.7',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:192.168.1.1',
    'not an ip',
  ]) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
});
