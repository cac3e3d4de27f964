/**
 * What a plugin sees when depin joins, checks or watches its network (plugin API v2). Every capability
 * comes through the context; a plugin never runs a tool or opens a socket itself, so the host can put a
 * deadline on it, run it dry, and test it with real parts on loopback.
 */
import type { HardwareProfile, NodeState, PluginLog, Tagged } from './types.js';
import type { Resource } from './resources.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One preflight check: what was checked, what was found, and the fix when it is not a pass. */
export interface PreflightCheck {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** A runtime that may be missing or unreachable, with the fix the person can apply. */
export type Availability = { ok: true; version: string } | { ok: false; reason: string; fix: string };

export interface ContainerState {
  status: string;
  running: boolean;
  startedAt?: string;
  restartCount: number;
  image: string;
}

export interface UnitState {
  activeState: string;
  subState: string;
  startedAt?: string;
  restarts?: number;
}

export interface PodState {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  startedAt?: string;
}

export interface HelmReleaseState {
  status: string;
  chartVersion?: string;
  appVersion?: string;
}

/** Read-only views of the runtimes a plugin needs for preflight and health. */
export interface DeployRuntimes {
  docker: {
    available(): Promise<Availability>;
    gpuAccess(): Promise<Availability>;
    container(name: string): Promise<ContainerState | undefined>;
  };
  systemd: {
    available(scope: 'user' | 'system'): Promise<Availability>;
    unit(name: string, scope: 'user' | 'system'): Promise<UnitState | undefined>;
  };
  kubernetes: {
    kubectl(): Promise<Availability>;
    helm(): Promise<Availability>;
    /** The current context and whether its API server answers. */
    context(): Promise<{ ok: true; name: string } | { ok: false; reason: string; fix: string }>;
    pods(namespace: string, selector?: string): Promise<Tagged<PodState[]>>;
    release(release: string, namespace: string): Promise<HelmReleaseState | undefined>;
  };
  host: {
    /** Whether a port can be bound here now (false when something already listens). */
    portFree(port: number, protocol: 'tcp' | 'udp'): Promise<boolean>;
    /** Free bytes on the file system that holds `path` (its nearest existing parent). */
    freeBytes(path: string): Promise<number | undefined>;
    /** The addresses a host name resolves to, or the resolver's reason. */
    resolve(hostname: string): Promise<Tagged<string[]>>;
    exists(path: string): Promise<boolean>;
  };
}

/** The person running depin: container users, unit scopes and default folders follow from it. */
export interface HostUser {
  uid: number;
  gid: number;
  home: string;
  isRoot: boolean;
}

/** What every call into a plugin's deploy side gets. */
export interface NodeContext {
  pluginId: string;
  /** The plugin's own folder under depin's data folder (default home of node data). */
  dataDir: string;
  user: HostUser;
  /** The plugin's own setting (config key `<plugin id>.<key>`), or undefined when unknown. */
  setting(key: string): string | undefined;
  runtimes: DeployRuntimes;
  /** GET a JSON document through the host's HTTP client (timeouts, retries, size cap). */
  getJson(url: string, options?: { timeoutMs?: number }): Promise<Tagged<unknown>>;
  secrets: { has(name: string): Promise<boolean> };
  log: PluginLog;
  signal: AbortSignal;
}

/** For preflight and plan: the node context and this machine's hardware. */
export interface JoinContext extends NodeContext {
  hardware: HardwareProfile;
}

/** What depin recorded when the network was joined. */
export interface JoinedView {
  answers: Record<string, string>;
  resources: Resource[];
  joinedAt: string;
}

export interface HealthContext extends NodeContext {
  joined: JoinedView;
}

/** A node's state, read from its network's real signal. */
export interface HealthReport {
  state: NodeState;
  details: string[];
  version?: string;
  uptimeSeconds?: number;
  /** The node's identity on its network, where it has one (Storj node id, provider address). */
  nodeId?: string;
}
