import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { download, urlProblem } from '../../src/system/download.js';
import { checksumFor, parseChecksumFile } from '../../src/core/checksums.js';

const root = mkdtempSync(join(tmpdir(), 'depin-download-'));
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

// A real release-shaped archive, made with the system tar: arweave-2.9.5/bin/start and a nested file.
const src = join(root, 'src', 'arweave-2.9.5');
mkdirSync(join(src, 'bin'), { recursive: true });
writeFileSync(join(src, 'bin', 'start'), '#!/bin/sh\necho start\n', { mode: 0o755 });
writeFileSync(join(src, 'README'), 'release notes\n');
const archivePath = join(root, 'arweave-2.9.5.ubuntu22.x86_64.tar.gz');
const made = spawnSync('tar', ['-czf', archivePath, '-C', join(root, 'src'), 'arweave-2.9.5']);
const archive = readFileSync(archivePath);
const archiveSha = sha(archive);
const noTar = made.status === 0 ? false : 'tar is not installed; the archive tests need it';

let main: Server;
let other: Server;
let base = '';
let otherBase = '';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

before(async () => {
  other = createServer((req, res) => {
    if (req.url === '/archive.tar.gz') {
      res.writeHead(200, { 'content-length': archive.length });
      res.end(archive);
    } else {
      res.writeHead(404).end();
    }
  });
  otherBase = await listen(other);
  main = createServer((req, res) => {
    switch (req.url) {
      case '/archive.tar.gz':
        res.writeHead(200, { 'content-length': archive.length, 'content-type': 'application/gzip' });
        res.end(archive);
        return;
      case '/redirect':
        res.writeHead(302, { location: `${otherBase}/archive.tar.gz` }).end();
        return;
      case '/redirect-offsite':
        res.writeHead(301, { location: 'http://example.com/archive.tar.gz' }).end();
        return;
      case '/truncated':
        res.writeHead(200, { 'content-length': archive.length });
        res.write(archive.subarray(0, Math.floor(archive.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/big-declared':
        res.writeHead(200, { 'content-length': 10_000_000 });
        res.end();
        return;
      case '/big-chunked':
        res.writeHead(200);
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(4096, 1));
        res.end();
        return;
      case '/slow':
        res.writeHead(200, { 'content-length': 1_000_000 });
        res.write(Buffer.alloc(1000, 2));
        // Then nothing: the client must be able to give up.
        return;
      case '/checksums.txt':
        res.writeHead(200);
        res.end(`${archiveSha}  arweave-2.9.5.ubuntu22.x86_64.tar.gz\n`);
        return;
      case '/not-targz':
        res.writeHead(200);
        res.end('this is not gzip');
        return;
      default:
        res.writeHead(404).end();
    }
  });
  base = await listen(main);
});

after(async () => {
  await new Promise((resolve) => main.close(resolve));
  await new Promise((resolve) => other.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function destFolder(): string {
  const dir = join(root, `dest${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

test('a good sha256: the archive is extracted into place and nothing else is left', { skip: noTar }, async () => {
  const dir = destFolder();
  const dest = join(dir, 'arweave-2.9.5');
  const progress: number[] = [];
  const result = await download({
    url: `${base}/archive.tar.gz`,
    sha256: archiveSha.toUpperCase(),
    dest,
    extract: 'tar.gz',
    maxBytes: 10_000_000,
    allowLoopbackHttp: true,
    onProgress: (p) => progress.push(p.received),
  });
  assert.deepEqual(result, { ok: true, value: { path: dest, sha256: archiveSha, bytes: archive.length } });
  assert.equal(readFileSync(join(dest, 'arweave-2.9.5', 'bin', 'start'), 'utf8'), '#!/bin/sh\necho start\n');
  assert.deepEqual(readdirSync(dir), ['arweave-2.9.5']);
  assert.equal(progress.at(-1), archive.length);
});

test('without an expected sum the file is kept and its sha256 returned for the caller to record', async () => {
  const dir = destFolder();
  const dest = join(dir, 'identity.tar.gz');
  const result = await download({ url: `${base}/archive.tar.gz`, dest, maxBytes: 10_000_000, allowLoopbackHttp: true });
  assert.deepEqual(result, { ok: true, value: { path: dest, sha256: archiveSha, bytes: archive.length } });
  assert.deepEqual(readFileSync(dest), archive);
  assert.deepEqual(readdirSync(dir), ['identity.tar.gz']);
});

test('a wrong sha256 is refused and leaves nothing: no temp file, no destination', async () => {
  const dir = destFolder();
  for (const extract of ['tar.gz', 'none'] as const) {
    const dest = join(dir, `out-${extract}`);
    const result = await download({ url: `${base}/archive.tar.gz`, sha256: 'a'.repeat(64), dest, extract, maxBytes: 10_000_000, allowLoopbackHttp: true });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.kind, 'refused');
    assert.match(!result.ok ? result.error.message : '', new RegExp(`expected a{64}, got ${archiveSha}`));
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('a body cut short is a failure and leaves nothing', async () => {
  const dir = destFolder();
  const result = await download({ url: `${base}/truncated`, dest: join(dir, 'a.tar.gz'), maxBytes: 10_000_000, allowLoopbackHttp: true });
  assert.equal(!result.ok && result.error.kind, 'failed');
  assert.deepEqual(readdirSync(dir), []);
});

test('a redirect to another loopback port is followed; one to plain http elsewhere is refused', async () => {
  const dir = destFolder();
  const ok = await download({ url: `${base}/redirect`, sha256: archiveSha, dest: join(dir, 'a.tar.gz'), maxBytes: 10_000_000, allowLoopbackHttp: true });
  assert.equal(ok.ok && ok.value.sha256, archiveSha);
  const offsite = await download({ url: `${base}/redirect-offsite`, dest: join(dir, 'b.tar.gz'), maxBytes: 10_000_000, allowLoopbackHttp: true });
  assert.equal(!offsite.ok && offsite.error.kind, 'refused');
  assert.match(!offsite.ok ? offsite.error.message : '', /redirected to http:\/\/example\.com\/archive\.tar\.gz: http:\/\/example\.com is not https/);
  assert.deepEqual(readdirSync(dir), ['a.tar.gz']);
});

test('too large: refused from Content-Length, and mid-stream when the server does not say', async () => {
  const dir = destFolder();
  const declared = await download({ url: `${base}/big-declared`, dest: join(dir, 'a'), maxBytes: 100_000, allowLoopbackHttp: true });
  assert.equal(!declared.ok && declared.error.kind, 'refused');
  assert.match(!declared.ok ? declared.error.message : '', /10000000 bytes, above the 100000-byte limit/);
  const streamed = await download({ url: `${base}/big-chunked`, dest: join(dir, 'b'), maxBytes: 100_000, allowLoopbackHttp: true });
  assert.equal(!streamed.ok && streamed.error.kind, 'refused');
  assert.deepEqual(readdirSync(dir), []);
});

test('abort: the caller signal stops a stalled download and nothing is left', async () => {
  const dir = destFolder();
  const controller = new AbortController();
  const pending = download({
    url: `${base}/slow`,
    dest: join(dir, 'a'),
    maxBytes: 10_000_000,
    allowLoopbackHttp: true,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  const result = await pending;
  assert.equal(!result.ok && result.error.kind, 'cancelled');
  assert.deepEqual(readdirSync(dir), []);
  const timedOut = await download({ url: `${base}/slow`, dest: join(dir, 'b'), maxBytes: 10_000_000, allowLoopbackHttp: true, timeoutMs: 300 });
  assert.equal(!timedOut.ok && timedOut.error.kind, 'timeout');
  assert.deepEqual(readdirSync(dir), []);
});

test('an archive tar cannot read fails with tar own words and leaves nothing', { skip: noTar }, async () => {
  const dir = destFolder();
  const body = 'this is not gzip';
  const result = await download({
    url: `${base}/not-targz`,
    sha256: sha(body),
    dest: join(dir, 'x'),
    extract: 'tar.gz',
    maxBytes: 1000,
    allowLoopbackHttp: true,
  });
  assert.equal(!result.ok && result.error.kind, 'failed');
  assert.equal(!result.ok && result.error.command?.[0], 'tar');
  assert.match(!result.ok ? (result.error.output ?? '') : '', /gzip|not in gzip format/i);
  assert.deepEqual(readdirSync(dir), []);
});

test('bad requests are refused before any connection: http off loopback, relative dest, bad sum, existing folder', async () => {
  const dir = destFolder();
  const cases = [
    { url: 'http://example.com/a.tar.gz', dest: join(dir, 'a') },
    { url: `${base}/archive.tar.gz`, dest: join(dir, 'a'), allowLoopbackHttp: false },
    { url: 'ftp://example.com/a', dest: join(dir, 'a') },
    { url: 'https://example.com/a', dest: 'relative/a' },
    { url: 'https://example.com/a', dest: join(dir, 'a'), sha256: 'xyz' },
    { url: 'https://example.com/a', dest: dir, extract: 'tar.gz' as const },
  ];
  for (const c of cases) {
    const result = await download({ maxBytes: 1000, allowLoopbackHttp: true, ...c });
    assert.equal(!result.ok && result.error.kind, 'refused', JSON.stringify(c));
  }
  assert.equal(urlProblem('https://github.com/ArweaveTeam/arweave/releases/download/N.2.9.5/checksums.txt'), undefined);
  assert.equal(urlProblem('http://[::1]:8080/x', true), undefined);
  assert.equal(urlProblem('http://localhost/x', true), undefined);
  assert.match(urlProblem('http://10.0.0.1/x', true) ?? '', /not https/);
  assert.equal(existsSync(join(dir, 'a')), false);
});

test('a published checksums.txt verifies the archive end to end', async () => {
  const listing = await download({ url: `${base}/checksums.txt`, dest: join(destFolder(), 'checksums.txt'), maxBytes: 65_536, allowLoopbackHttp: true });
  assert.equal(listing.ok, true);
  const parsed = parseChecksumFile(readFileSync(listing.ok ? listing.value.path : '', 'utf8'));
  const wanted = checksumFor(parsed, 'arweave-2.9.5.ubuntu22.x86_64.tar.gz');
  assert.deepEqual(wanted, { ok: true, sha256: archiveSha });
});
