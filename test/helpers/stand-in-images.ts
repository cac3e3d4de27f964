// Builds stand-in images offline (nothing can be pulled in tests): a root filesystem holding Debian's
// static busybox, imported with `docker import` and tagged with the real image names, so that code
// under test names the same images it names in production.
//   busybox:latest                 busybox applets, CMD ["sh"], like the real image
//   storjlabs/storagenode:latest   test/fixtures/docker/storagenode/entrypoint: SETUP=true writes
//                                  config.yaml; otherwise checks identity, config and env, serves
//                                  the /api/sno fixture on 14002, listens on 28967/tcp, logs lines
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { which } from '../../src/system/which.js';

export const STORAGENODE_IMAGE = 'storjlabs/storagenode:latest';
export const BUSYBOX_IMAGE = 'busybox:latest';

export function dockerFixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/docker/${name}`, import.meta.url));
}

// A dynamically linked busybox (Debian's `busybox` package) cannot run in an empty root filesystem.
function isStatic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    return !head.subarray(0, n).includes('/ld-linux');
  } finally {
    closeSync(fd);
  }
}

function rootfs(busybox: string): string {
  const root = mkdtempSync(join(tmpdir(), 'depin-rootfs-'));
  for (const dir of ['bin', 'etc', 'tmp', 'app', 'app/config', 'app/identity']) mkdirSync(join(root, dir), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(busybox, join(root, 'bin/busybox'));
  chmodSync(join(root, 'bin/busybox'), 0o755);
  const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((a) => /^[a-z0-9[_.-]+$/.test(a) && a !== 'busybox');
  for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return root;
}

function importImage(env: NodeJS.ProcessEnv, root: string, ref: string, changes: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const tar = spawn('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const args = ['import', ...changes.flatMap((c) => ['--change', c]), '-', ref];
    const imp = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    tar.stderr.on('data', (d) => (err += d));
    imp.stderr.on('data', (d) => (err += d));
    tar.stdout.pipe(imp.stdin);
    tar.on('error', (e) => resolve(`tar: ${e.message}`));
    imp.on('error', (e) => resolve(`docker import: ${e.message}`));
    imp.on('exit', (code) => resolve(code === 0 ? undefined : `docker import ${ref} failed: ${err.trim()}`));
  });
}

/** Builds both stand-ins on the daemon `env` points to. Answers a skip reason when it cannot. */
export async function buildStandInImages(env: NodeJS.ProcessEnv): Promise<{ ok: true } | { ok: false; skip: string }> {
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => which(p)) ?? which('busybox');
  if (!busybox) return { ok: false, skip: 'busybox is not installed (Debian: apt-get install busybox-static)' };
  if (!isStatic(busybox)) return { ok: false, skip: `${busybox} is dynamically linked (Debian: apt-get install busybox-static)` };
  if (!which('tar')) return { ok: false, skip: 'tar is not installed' };
  const root = rootfs(busybox);
  try {
    const label = 'LABEL org.opencontainers.image.description="depin test stand-in, not the real image"';
    const plain = await importImage(env, root, BUSYBOX_IMAGE, ['ENV PATH=/bin', 'CMD ["sh"]', label]);
    if (plain) return { ok: false, skip: plain };
    copyFileSync(dockerFixture('storagenode/entrypoint'), join(root, 'app/entrypoint'));
    copyFileSync(dockerFixture('storagenode/sno-api'), join(root, 'app/sno-api'));
    copyFileSync(dockerFixture('storagenode-api-sno.composed.json'), join(root, 'app/sno.json'));
    for (const f of ['entrypoint', 'sno-api']) chmodSync(join(root, 'app', f), 0o755);
    const node = await importImage(env, root, STORAGENODE_IMAGE, [
      'ENV PATH=/bin',
      'WORKDIR /app',
      'EXPOSE 28967/tcp 28967/udp 14002/tcp',
      'ENTRYPOINT ["/app/entrypoint"]',
      label,
    ]);
    return node ? { ok: false, skip: node } : { ok: true };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
