// Starts a real, private dockerd for one test file: its own data root, exec root, pid file, socket,
// containerd namespace and bridge, all under a short temp folder (/tmp/dk-XXXXXX: a unix socket path
// must stay under ~107 bytes). iptables stays off, so published ports go through docker's userland
// proxy, which works without NAT rules. Several of these can run at once on one machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { which } from '../../src/system/which.js';

export interface Dockerd {
  /** Environment for the docker CLI: DOCKER_HOST on the private socket, DOCKER_CONFIG in the temp folder. */
  env: NodeJS.ProcessEnv;
  host: string;
  /** False when no bridge could be made: containers then have no network and ports are not published. */
  ports: boolean;
  dir: string;
  stop(): Promise<void>;
}

export type DockerdStart = { ok: true; dockerd: Dockerd } | { ok: false; skip: string };

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

// A /24 in 10.200-249.x.0 that no local route uses yet, for this daemon's bridge.
function freeSubnet(): string | undefined {
  const routes = run('ip', ['-4', 'route', 'show']).out + run('ip', ['-4', 'addr', 'show']).out;
  for (let tries = 0; tries < 50; tries++) {
    const prefix = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}`;
    if (!routes.includes(`${prefix}.`)) return prefix;
  }
  return undefined;
}

function makeBridge(name: string): boolean {
  if (!which('ip')) return false;
  const prefix = freeSubnet();
  if (!prefix) return false;
  const steps = [
    ['link', 'add', 'name', name, 'type', 'bridge'],
    ['addr', 'add', `${prefix}.1/24`, 'dev', name],
    ['link', 'set', name, 'up'],
  ];
  for (const step of steps) {
    if (!run('ip', step).ok) {
      run('ip', ['link', 'del', name]);
      return false;
    }
  }
  return true;
}

async function answers(env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('docker', ['version', '--format', '{{.Server.Version}}'], { env, stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function unmountUnder(dir: string): void {
  let lines: string[] = [];
  try {
    lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  } catch {
    return;
  }
  const points = lines.map((line) => line.split(' ')[4]).filter((p): p is string => !!p && p.startsWith(dir + '/'));
  for (const point of points.sort((a, b) => b.length - a.length)) run('umount', ['-l', point]);
}

export interface DockerdOptions {
  /**
   * Sends the daemon's registry traffic to a closed loopback port, so that pulling a real image name
   * (docker.io/…) fails at once instead of reaching the internet. Loopback registries still work.
   */
  noInternetPulls?: boolean;
}

/** A loopback port nothing listens on (the discard port): a proxy there refuses every connection. */
const CLOSED_PROXY = 'http://127.0.0.1:9';

/**
 * Starts dockerd and waits until `docker version` answers (up to 60 s). Answers a skip reason when
 * dockerd or docker is missing, when not root, or when the daemon does not come up (with its log).
 */
export async function startDockerd(options: DockerdOptions = {}): Promise<DockerdStart> {
  if (process.platform !== 'linux') return { ok: false, skip: 'a private dockerd runs only on Linux' };
  const dockerdPath = which('dockerd');
  if (!dockerdPath) return { ok: false, skip: 'dockerd is not installed (Debian: apt-get install docker.io)' };
  if (!which('docker')) return { ok: false, skip: 'the docker CLI is not installed (Debian: apt-get install docker.io)' };
  if (process.getuid?.() !== 0) return { ok: false, skip: 'a private dockerd needs root; run the tests as root (as CI does) to include the Docker tests' };

  const dir = mkdtempSync('/tmp/dk-');
  const id = randomBytes(3).toString('hex');
  const bridge = `dk${id}`;
  mkdirSync(join(dir, 'cli'), { mode: 0o700 });
  // An empty config file keeps this machine's /etc/docker/daemon.json (hosts, bridge…) out of the way.
  writeFileSync(join(dir, 'daemon.json'), '{}\n');
  const ports = makeBridge(bridge);
  const host = `unix://${join(dir, 'd.sock')}`;
  const args = [
    `--config-file=${join(dir, 'daemon.json')}`,
    `--host=${host}`,
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    `--containerd-namespace=dk${id}`,
    `--containerd-plugins-namespace=dk${id}p`,
    '--iptables=false',
    '--ip-masq=false',
    `--bridge=${ports ? bridge : 'none'}`,
    '--userland-proxy=true',
    '--shutdown-timeout=5',
    '--log-level=warn',
  ];
  const logPath = join(dir, 'dockerd.log');
  const log = openSync(logPath, 'a');
  const daemonEnv: NodeJS.ProcessEnv = { ...process.env };
  if (options.noInternetPulls) {
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) daemonEnv[name] = CLOSED_PROXY;
    for (const name of ['NO_PROXY', 'no_proxy']) delete daemonEnv[name];
  }
  const child = spawn(dockerdPath, args, { stdio: ['ignore', log, log], detached: true, env: daemonEnv });
  closeSync(log);
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: join(dir, 'cli') };
  delete env.DOCKER_CONTEXT;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 30_000))) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited(child, 5_000);
      }
    }
    unmountUnder(dir);
    if (ports) run('ip', ['link', 'del', bridge]);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await answers(env)) return { ok: true, dockerd: { env, host, ports, dir, stop } };
    await new Promise((r) => setTimeout(r, 200));
  }
  let tail = '';
  try {
    tail = readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    // no log
  }
  await stop();
  return { ok: false, skip: `dockerd did not start here: ${tail || 'no output'}` };
}
