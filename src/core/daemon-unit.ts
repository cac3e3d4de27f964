/**
 * The systemd unit that runs `depin daemon`. Pure: the caller supplies the program paths, depin's
 * folders and the home folder, so the unit can be checked without a machine to install it on.
 */
import type { UnitScope, UnitSpec } from './systemd-unit.js';

export const DAEMON_UNIT = 'depin-daemon';

export interface DaemonUnitInput {
  scope: UnitScope;
  /** Absolute path of the node binary running depin now. */
  nodePath: string;
  /** Absolute path of depin's bin/depin.js. */
  binPath: string;
  /** depin's folders (see resolvePaths). */
  paths: { config: string; data: string; logs: string };
  /** The home folder of the user the daemon runs as. */
  home: string;
  /** DEPIN_HOME when set, so the service reads the same folders as the person's shell. */
  depinHome?: string;
}

/** What the sandbox of the unit allows, for the person installing it to read. */
export interface DaemonHardening {
  protectSystem: 'strict' | 'full' | null;
  readWritePaths: string[];
  protectHome: 'read-only' | null;
  privateTmp: boolean;
  noNewPrivileges: true;
}

const SAFE_PATH = /^\/[^\s"'\\\u0000-\u001f\u007f]*$/;

/** True when `path` lies in a folder ProtectHome= hides: the home folder, /home, /root, /run/user. */
export function insideHome(path: string, home: string): boolean {
  const roots = [home, '/home', '/root', '/run/user'].filter((r) => r.length > 1).map((r) => r.replace(/\/+$/, ''));
  return roots.some((root) => path === root || path.startsWith(`${root}/`));
}

/** True when `path` lies under /tmp or /var/tmp, which PrivateTmp= replaces with empty folders. */
export function insideTmp(path: string): boolean {
  return ['/tmp', '/var/tmp'].some((root) => path === root || path.startsWith(`${root}/`));
}

/** The unit for `depin daemon` and a summary of its sandbox. */
export function daemonUnit(input: DaemonUnitInput): { spec: UnitSpec; hardening: DaemonHardening } {
  const writable = [input.paths.config, input.paths.data, input.paths.logs];
  // ProtectSystem=strict is only safe when every folder depin writes can be listed in ReadWritePaths.
  const strict = writable.every((p) => SAFE_PATH.test(p));
  const protectHome = insideHome(input.paths.data, input.home) ? undefined : ('read-only' as const);
  const system = input.scope === 'system';
  // The daemon would start on an empty private /tmp and never see the person's config or history.
  const privateTmp = ![...writable, input.binPath].some(insideTmp);
  const envFile = `${input.paths.config}/daemon.env`;
  const spec: UnitSpec = {
    name: DAEMON_UNIT,
    description: 'depin daemon: health checks, watchdog, alerts and metrics of DePIN nodes',
    execStart: [input.nodePath, input.binPath, 'daemon'],
    // DEPIN_PASSPHRASE and other settings for the service can live here, out of the unit file.
    ...(SAFE_PATH.test(envFile) ? { environmentFile: `-${envFile}` } : {}),
    environment: {
      // Two malloc arenas instead of one per thread: the long-running daemon's resident memory
      // levels off about 10 MB lower (BENCHMARKS.md). The variable must be set before the process
      // starts, which only the unit can do.
      MALLOC_ARENA_MAX: '2',
      ...(input.depinHome ? { DEPIN_HOME: input.depinHome } : {}),
    },
    restart: 'on-failure',
    restartSec: 5,
    killSignal: 'SIGTERM',
    timeoutStopSec: 30,
    after: system ? ['network-online.target', 'docker.service'] : [],
    wantedBy: system ? 'multi-user.target' : 'default.target',
    scope: input.scope,
    maintainedBy: '`depin service install` rewrites it, `depin service uninstall` removes it',
    hardening: {
      protectSystem: strict ? 'strict' : 'full',
      readWritePaths: strict ? writable : [],
      ...(protectHome ? { protectHome } : {}),
      ...(privateTmp ? {} : { privateTmp: false }),
    },
  };
  const hardening: DaemonHardening = system
    ? {
        noNewPrivileges: true,
        privateTmp,
        protectSystem: strict ? 'strict' : 'full',
        readWritePaths: strict ? writable : [],
        protectHome: protectHome ?? null,
      }
    : { noNewPrivileges: true, privateTmp: false, protectSystem: null, readWritePaths: [], protectHome: null };
  return { spec, hardening };
}
