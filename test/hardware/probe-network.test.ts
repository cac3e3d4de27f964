import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { collectHardware } from '../../src/hardware/index.js';
import { checkPort, lookupPublicIp } from '../../src/hardware/probe-network.js';
import { makeTempHome } from '../helpers/temp-home.js';

// A loopback "IP echo" service whose answer each test picks.
let answer = '81.2.69.160';
let status = 200;
const echo: Server = createServer((_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(answer);
});
let echoUrl = '';
const home = makeTempHome();
before(async () => {
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
});
after(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
  home.cleanup();
});

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('the public IP comes from the echo service named by DEPIN_IP_ECHO_URL', async () => {
  // A public address (no traffic goes to it: no port is checked here); documentation ranges are refused.
  answer = '81.2.69.160\n';
  status = 200;
  const hw = await collectHardware({ network: true, env: { ...home.env, DEPIN_IP_ECHO_URL: echoUrl }, ports: [] });
  assert.equal(hw.network.publicIp, '81.2.69.160');
  assert.deepEqual(hw.network.ports, []);
});

test('a port reached through the public address is reachable', async () => {
  // 127.0.0.2 reaches this machine over loopback without being one of its interface addresses,
  // which is what a forwarded port behind NAT looks like from inside. (An echo service answering it
  // is refused, as the next test shows, so the check is driven with the address directly.)
  const port = await freePort();
  const own = new Set<string>();
  assert.deepEqual(await checkPort({ port, protocol: 'tcp' }, { ip: '127.0.0.2' }, own, 1000), { port, protocol: 'tcp', reachable: true });
  assert.deepEqual(await checkPort({ port, protocol: 'udp' }, { ip: '127.0.0.2' }, own, 1000), {
    port,
    protocol: 'udp',
    reachable: null,
    reason: 'UDP reachability cannot be tested from this machine',
  });
});

test('an echo answer that is not a public address is refused, and no port is called reachable', async () => {
  for (const ip of ['127.0.0.2', '10.1.2.3', '192.168.1.20', '172.20.0.5', '100.64.0.1', '169.254.10.10', '::1', 'fe80::1', 'fd00::5', '::ffff:10.0.0.1']) {
    answer = ip;
    const port = await freePort();
    const hw = await collectHardware({ network: true, ipEchoUrl: echoUrl, ports: [{ port, protocol: 'tcp' }], env: home.env });
    assert.equal(hw.network.publicIp, undefined, ip);
    assert.equal(hw.network.ports?.[0]?.reachable, null, ip);
    assert.match(hw.network.ports?.[0]?.reason ?? '', new RegExp(`answered ${ip.replace(/[.]/g, '\\.')}, which is not a public address`), ip);
  }
});

test('a public address that this machine holds itself cannot prove a port open', async () => {
  const port = await freePort();
  const check = await checkPort({ port, protocol: 'tcp' }, { ip: '127.0.0.1' }, new Set(['127.0.0.1']), 1000);
  assert.deepEqual(check, {
    port,
    protocol: 'tcp',
    reachable: null,
    reason: 'this machine holds the public address 127.0.0.1 itself, so only a check from outside can see a firewall',
  });
});

test('offline: no public IP, and every port is unknown with the reason', async () => {
  // Nothing listens on a port just freed, so the echo service is refused like an offline one.
  const dead = `http://127.0.0.1:${await freePort()}/`;
  const port = await freePort();
  const hw = await collectHardware({ network: true, ipEchoUrl: dead, ports: [{ port, protocol: 'tcp' }], env: home.env });
  assert.equal(hw.network.publicIp, undefined);
  assert.equal(hw.network.ports?.length, 1);
  assert.equal(hw.network.ports?.[0]?.reachable, null);
  assert.match(hw.network.ports?.[0]?.reason ?? '', /^the public IP address is unknown: http:\/\/127\.0\.0\.1:\d+\/ could not be reached \(ECONNREFUSED\)$/);
});

test('a refused connection is reported as unknown with what happened', async () => {
  // Another program holds the port on 127.0.0.1 only, so depin cannot listen and 127.0.0.2 is refused.
  const other = createTcpServer();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const { port } = other.address() as AddressInfo;
  try {
    const check = await checkPort({ port, protocol: 'tcp' }, { ip: '127.0.0.2' }, new Set(), 1000);
    assert.deepEqual(check, { port, protocol: 'tcp', reachable: null, reason: `connecting to 127.0.0.2:${port} failed with ECONNREFUSED` });
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('echo answers that are not an address, or errors, leave the IP unknown with a reason', async () => {
  answer = '<html>captive portal</html>';
  status = 200;
  assert.deepEqual(await lookupPublicIp(echoUrl, 1000), { reason: `${echoUrl} did not answer with an IP address` });
  status = 503;
  assert.deepEqual(await lookupPublicIp(echoUrl, 1000), { reason: `${echoUrl} answered HTTP 503` });
  status = 200;
});
