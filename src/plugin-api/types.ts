/**
 * Public, versioned types of the depin plugin API (v1). A plugin may import only from
 * `src/plugin-api`; every capability reaches it through the context it is handed.
 */

/**
 * The plugin API version this host implements. v2 added joining (preflight, plan as resources,
 * health); v1 plugins still load for detect and earnings and say that they cannot join.
 */
export const PLUGIN_API_VERSION = 2;

import type { ChainId } from '../domain/chains.js';
import type { HealthContext, HealthReport, JoinContext, PreflightCheck } from './deploy.js';
import type { ResourceInput } from './resources.js';
import type { PluginChainReads, PluginHttp, PluginSecrets, PluginSetting, PluginSettings } from './context.js';

export { CHAIN_IDS, type ChainId } from '../domain/chains.js';

export const CATEGORIES = ['gpu-compute', 'cloud-compute', 'storage', 'bandwidth', 'wireless', 'mapping', 'chain-node'] as const;
export type Category = (typeof CATEGORIES)[number];

export const JOIN_KINDS = ['container', 'binary', 'kubernetes', 'device', 'manual'] as const;
export type JoinKind = (typeof JOIN_KINDS)[number];

/** Provenance of a fact taken from the network's documentation. */
export type Provenance = 'verified' | 'secondary' | 'unverified';

/** A token a network pays in. */
export interface TokenSpec {
  symbol: string;
  name?: string;
  chain: ChainId;
  /**
   * Where the balance lives: an SPL mint (solana), an ERC-20 contract (EVM chains), a bank denom
   * (akash). Absent for a chain's native coin.
   */
  mint?: string;
  /** True for the chain's native coin (ETH, IOTX, PEAQ, FIL, AR). */
  native?: boolean;
  decimals: number;
  /** CoinGecko id for USD prices; absent when none is known. */
  coingeckoId?: string;
  /** A token still tracked for old holders (e.g. Ethereum RNDR). */
  legacy?: boolean;
  provenance?: Provenance;
}

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  apiVersion: number;
  category: Category;
  homepage: string;
  joinKind: JoinKind;
  /** One line saying what the network pays for. */
  description: string;
  tokens: TokenSpec[];
  /**
   * The plugin's own settings. Each becomes the config key `<id>.<key>`, shown, checked and stored by
   * `depin config list|get|set`, and read back through `ctx.settings`.
   */
  settings?: PluginSetting[];
}

export type OsName = 'linux' | 'darwin' | 'win32';
export type Arch = 'x64' | 'arm64' | 'arm';
export type DiskKind = 'hdd' | 'ssd' | 'nvme' | 'unknown';
export type GpuVendor = 'nvidia' | 'amd' | 'intel' | 'apple' | 'other';

/** What a machine needs to run a network's node. Checked by one pure matcher in `src/core`. */
export interface Requirements {
  os?: OsName[];
  arch?: Arch[];
  cpuCores?: number;
  /** CPU flags that must all be present (lower-case, as /proc/cpuinfo spells them, e.g. `sha_ni`). */
  cpuFlags?: string[];
  memoryGb?: number;
  /** Free space on the largest single mount, in GB. */
  diskFreeGb?: number;
  /** Acceptable kinds for that disk. */
  diskKinds?: DiskKind[];
  gpu?: {
    vendor: GpuVendor | 'any';
    minVramGb?: number;
    minCuda?: string;
    minDriver?: string;
    minComputeCapability?: string;
    count?: number;
  };
  containerRuntime?: boolean;
  gpuContainerToolkit?: boolean;
  systemd?: boolean;
  kubernetes?: boolean;
  helm?: boolean;
  ports?: { port: number; protocol: 'tcp' | 'udp' }[];
  bandwidth?: { downMbps: number; upMbps: number };
  /** Set when the network needs a device that no software can supply (hotspot, dashcam). */
  dedicatedHardware?: string;
  /** Free-text caveats printed beside the verdict (e.g. "Windows client only"). */
  notes?: string[];
}

export interface HardwareGpu {
  vendor: GpuVendor;
  model: string;
  vramMb?: number;
  driver?: string;
  cuda?: string;
  computeCapability?: string;
  uuid?: string;
  busId?: string;
  /** ECC mode of the card's memory: true when on, false when off or not supported; absent when not reported. */
  ecc?: boolean;
  /**
   * Multi-Instance GPU mode, where the card reports it. When enabled, work runs in MIG slices that
   * each see part of the memory, not on the whole GPU; `devices` is how many slices exist.
   */
  mig?: { enabled: boolean; devices?: number };
}

export interface HardwareDisk {
  mount: string;
  fs: string;
  kind: DiskKind;
  sizeBytes: number;
  freeBytes: number;
  device?: string;
}

export interface ToolPresence {
  installed: boolean;
  version?: string;
}

export interface HardwareProfile {
  collectedAt: string;
  /** Where the profile came from when it is not this machine (fixtures). */
  source?: string;
  os: { platform: string; distro: string; release: string; kernel: string; arch: string; hostname?: string };
  cpu: {
    manufacturer: string;
    brand: string;
    physicalCores: number;
    threads: number;
    speedGHz?: number;
    flags: string[];
  };
  memory: { totalBytes: number; availableBytes: number };
  disks: HardwareDisk[];
  gpus: HardwareGpu[];
  runtimes: {
    docker: ToolPresence & { daemon: boolean };
    podman: ToolPresence;
    nvidiaContainerToolkit: boolean;
    systemd: boolean;
    kubectl: ToolPresence;
    helm: ToolPresence;
  };
  network: {
    interfaces: { name: string; ip4?: string; ip6?: string; mac?: string; speedMbps?: number; internal: boolean }[];
    publicIp?: string;
    ports?: { port: number; protocol: 'tcp' | 'udp'; reachable: boolean | null; reason?: string }[];
  };
}

export type Verdict = 'eligible' | 'not-eligible' | 'dedicated-hardware';

/** Result of a plugin's optional `eligibility(hw)`: extra reasons the requirement table cannot express. */
export interface EligibilityExtra {
  reasons: string[];
  notes?: string[];
}

/** A question `join` may ask; every question has a flag, so nothing needs a TTY. */
export interface Question {
  /** Key in the answers object and the `--set key=value` name. */
  key: string;
  message: string;
  /** The flag that answers it without a prompt, e.g. `--set wallet=...`. */
  flag: string;
  default?: string;
  secret?: boolean;
  choices?: string[];
  /** Returns an error message, or undefined when the value is valid. */
  validate?: (value: string) => string | undefined;
}

export type NodeState = 'running' | 'stopped' | 'degraded' | 'not-installed' | 'unreachable';

/** A reward figure reported by a network's own API (not a balance). */
export interface RewardReading {
  source: string;
  symbol: string;
  chain?: ChainId;
  /** Exact decimal string, in token units or in USD as `unit` says. */
  amount: string;
  unit: 'token' | 'usd';
  kind: 'pending' | 'estimated' | 'available' | 'paid';
  wallet?: string;
  period?: string;
  at: string;
}

/** Result of a host capability that can fail in expected ways. */
export type Tagged<T> =
  | { status: 'ok'; value: T }
  | { status: 'unreachable'; reason: string }
  | { status: 'bad-response'; reason: string }
  | { status: 'wrong-chain'; reason: string };

export interface PluginLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What a reward source may use: the plugin context, plus the wallets tied to its network. */
export interface RewardContext extends PluginContext {
  /** Watch-only wallets the user tied to this network (or of its chains). */
  wallets: { address: string; chain: ChainId; label?: string }[];
  /** The same as `http.fetchJson` (kept from API v1). */
  fetchJson: PluginHttp['fetchJson'];
}

export interface RewardSource {
  id: string;
  description: string;
  /** Config keys this source reads (documented in README and `depin config list`). */
  configKeys?: string[];
  read(ctx: RewardContext): Promise<Tagged<RewardReading[]>>;
}

/**
 * Everything a plugin may use, built by the host for each call into the plugin. Capabilities fail as
 * values, never by throwing, and all of them stop when `signal` aborts (the call's deadline passed).
 */
export interface PluginContext {
  /** The plugin's manifest id. */
  pluginId: string;
  /** Effective value of any config key (config file, then env override, then default). */
  config(key: string): string | undefined;
  /** The plugin's own settings, by the key it declared (without the `<id>.` prefix). */
  settings: PluginSettings;
  dryRun: boolean;
  /**
   * `data` is the plugin's own folder under depin's data folder; `config` and `logs` are depin's.
   * The data folder may not exist yet: create it before writing.
   */
  paths: { config: string; data: string; logs: string };
  /** Lines on stderr, never stdout: `debug` only with DEPIN_DEBUG, `info` not with --json. */
  log: PluginLog;
  /** JSON over HTTP through the host's client (timeout, retries, concurrency cap, the call's signal). */
  http: PluginHttp;
  /** Reads from the chains' configured endpoints, with the host's retries. */
  chain: PluginChainReads;
  /** Secrets kept in depin's secret store under the plugin's id; values never reach logs or config. */
  secrets: PluginSecrets;
  /** Aborts when the call's deadline passes or the command is cancelled. */
  signal: AbortSignal;
}

export interface PluginDefinition {
  manifest: PluginManifest;
  requirements: Requirements;
  /** Pure rules the requirement table cannot express. */
  eligibility?: (hw: HardwareProfile) => EligibilityExtra;
  /** What `join` asks; each answer can be given as `--set key=value`. */
  questions?: Question[];
  /** Checks before anything changes: runtimes present and reachable, ports free, disk space… */
  preflight?: (ctx: JoinContext, answers: Record<string, string>) => Promise<PreflightCheck[]>;
  /** The node as resources (data, no shell strings). Secret answers arrive as their secret names. */
  plan?: (ctx: JoinContext, answers: Record<string, string>) => ResourceInput[] | Promise<ResourceInput[]>;
  /** The node's state from its network's real signal. */
  health?: (ctx: HealthContext) => Promise<HealthReport>;
  earnings?: { rewardSources?: RewardSource[] };
}
