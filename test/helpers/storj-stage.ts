// A stage for end-to-end tests of `depin join storj` through the built CLI: a private dockerd with the
// storagenode stand-in, a 2 TB tmpfs for the storage folder (this machine's disks may hold less than
// Storj's 500 GB minimum), an identity folder, a temp home and free ports found at runtime.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempHome, type CliResult } from './cli.js';
import { startDockerd, type Dockerd } from './dockerd.js';
import { buildStandInImages, dockerFixture } from './stand-in-images.js';

/** The EIP-55 example address (eips.ethereum.org/EIPS/eip-55): valid, checksummed, nobody's node. */
export const STORJ_WALLET = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
export const STORJ_NODE_ID: string = JSON.parse(readFileSync(dockerFixture('storagenode-api-sno.composed.json'), 'utf8')).nodeID;
const IDENTITY_FILES = ['ca.cert', 'ca.key', 'identity.cert', 'identity.key'];

export interface StorjStage {
  dockerd: Dockerd;
  /** Environment for the CLI: the temp home plus DOCKER_HOST and DOCKER_CONFIG of the private daemon. */
  env: NodeJS.ProcessEnv;
  /** The temp home's DEPIN_HOME/data, where joined.json lives. */
  dataDir: string;
  work: string;
  identityDir: string;
  /** Mount point of the 2 TB tmpfs; storage folders go below it. */
  disk: string;
  /** A fresh identity folder with the four files the node needs. */
  makeIdentity(name: string): string;
  /** `--set` flags for every storj question; `overrides` replace (never repeat) a key. */
  sets(ports: { node: number; dashboard: number }, overrides?: Record<string, string>): string[];
  depin(args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliResult>;
  docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `docker inspect` of one container, or undefined when there is none. */
  inspect(name: string): Promise<any | undefined>;
  containerNames(): Promise<string[]>;
  joinedRecord(): any | undefined;
  stop(): Promise<void>;
}

export type StageStart = { ok: true; stage: StorjStage } | { ok: false; skip: string };

function mountTmpfs(dir: string, size: string): string | undefined {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `cannot mount a tmpfs for the storage folder: ${(r.stderr || r.error?.message || 'mount failed').trim()}`;
}

/** Mounts a tmpfs of `size` at `dir` (created); answers why not when it cannot. */
export function tmpfsAt(dir: string, size: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  return mountTmpfs(dir, size);
}

export function unmount(dir: string): void {
  spawnSync('umount', ['-l', dir]);
}

/** A port free for both TCP and UDP on every address, found at runtime. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const port = (server.address() as AddressInfo).port;
    const udp = createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, () => resolve(true));
    });
    udp.close();
    await new Promise((resolve) => server.close(resolve));
    if (udpFree) return port;
  }
  throw new Error('no port free for both TCP and UDP');
}

export async function startStorjStage(): Promise<StageStart> {
  // Pulls go to a closed proxy: the real storagenode image name must never reach Docker Hub from a test.
  const started = await startDockerd({ noInternetPulls: true });
  if (!started.ok) return { ok: false, skip: started.skip };
  const dockerd = started.dockerd;
  const work = mkdtempSync(join(tmpdir(), 'depin-storj-e2e-'));
  const home = tempHome();
  let diskMounted = false;
  const disk = join(work, 'disk');
  const stop = async () => {
    await dockerd.stop();
    if (diskMounted) unmount(disk);
    rmSync(work, { recursive: true, force: true });
    home.cleanup();
  };
  const fail = async (skip: string): Promise<StageStart> => {
    await stop();
    return { ok: false, skip };
  };
  if (!dockerd.ports) return fail('no network bridge could be made for the private dockerd, so the node’s ports cannot be published');
  const built = await buildStandInImages(dockerd.env);
  if (!built.ok) return fail(built.skip);
  const mounted = tmpfsAt(disk, '2T');
  if (mounted) return fail(mounted);
  diskMounted = true;

  const env: NodeJS.ProcessEnv = { ...home.env, DOCKER_HOST: dockerd.env.DOCKER_HOST, DOCKER_CONFIG: dockerd.env.DOCKER_CONFIG };
  const dataDir = join(home.env.DEPIN_HOME!, 'data');
  const makeIdentity = (name: string) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    // Composed: the stand-in checks that these files exist, not what they hold.
    for (const f of IDENTITY_FILES) writeFileSync(join(dir, f), `-----BEGIN ${f}-----\nstand-in\n-----END ${f}-----\n`, { mode: 0o600 });
    return dir;
  };
  const identityDir = makeIdentity('identity');
  const docker = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('docker', args, { env: dockerd.env, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as NodeJS.ErrnoException).code) || 1 : 0, stdout, stderr }),
      );
    });
  const stage: StorjStage = {
    dockerd,
    env,
    dataDir,
    work,
    identityDir,
    disk,
    makeIdentity,
    sets(ports, overrides = {}) {
      const answers: Record<string, string> = {
        wallet: STORJ_WALLET,
        email: 'operator@example.org',
        address: 'node.example.org:28967',
        storage: '1TB',
        storageDir: join(disk, 'storj'),
        identityDir,
        port: String(ports.node),
        dashboardPort: String(ports.dashboard),
        zksync: 'no',
        ...overrides,
      };
      return Object.entries(answers).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    },
    depin: (args, options = {}) => runCli(args, { env: options.env ?? env, timeoutMs: options.timeoutMs ?? 120_000 }),
    docker,
    async inspect(name) {
      const r = await docker(['container', 'inspect', name]);
      if (r.code !== 0) {
        if (/no such (object|container)/i.test(r.stderr)) return undefined;
        throw new Error(`docker inspect ${name} failed: ${r.stderr}`);
      }
      return JSON.parse(r.stdout)[0];
    },
    async containerNames() {
      const r = await docker(['ps', '-a', '--format', '{{.Names}}']);
      if (r.code !== 0) throw new Error(`docker ps failed: ${r.stderr}`);
      return r.stdout.split('\n').filter(Boolean).sort();
    },
    joinedRecord() {
      try {
        return JSON.parse(readFileSync(join(dataDir, 'joined.json'), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    stop,
  };
  return { ok: true, stage };
}
