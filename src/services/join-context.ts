import { scopedSecretKey } from '../plugins-host/secret-key.js';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { HostUser, JoinContext, JoinedView, HealthContext, NodeContext } from '../plugin-api/deploy.js';
import type { HardwareProfile, PluginLog } from '../plugin-api/types.js';
import type { HttpPolicy } from '../net/http-client.js';
import { httpJson } from '../net/http-client.js';
import type { SecretStore } from '../wallet/secrets/index.js';
import type { DeployEnv } from '../deploy/types.js';
import { deployRuntimes } from './deploy-runtimes.js';

export interface DeployHost {
  dataDir: string;
  walletsFile: string;
  /** The effective value of a config key (file, environment or default). */
  config(key: string): string | undefined;
  http: HttpPolicy;
  /** Opened on first use: a dry run or a status check may never need the store. */
  secrets: () => Promise<SecretStore>;
  log: PluginLog;
  signal: AbortSignal;
  progress(line: string): void;
}

export function hostUser(): HostUser {
  const info = userInfo();
  return { uid: info.uid, gid: info.gid, home: info.homedir, isRoot: info.uid === 0 };
}

export { scopedSecretKey };

export function nodeDataDir(dataDir: string, pluginId: string): string {
  return join(dataDir, 'nodes', pluginId);
}

export function joinContext(pluginId: string, host: DeployHost, hardware: HardwareProfile): JoinContext {
  return { ...nodeContext(pluginId, host), hardware };
}

function nodeContext(pluginId: string, host: DeployHost): NodeContext {
  return {
    pluginId,
    dataDir: nodeDataDir(host.dataDir, pluginId),
    user: hostUser(),
    setting: (key) => host.config(`${pluginId}.${key}`),
    runtimes: deployRuntimes(),
    async getJson(url, options) {
      const policy = options?.timeoutMs === undefined ? host.http : { ...host.http, timeoutMs: options.timeoutMs };
      const r = await httpJson(url, { signal: host.signal }, policy);
      return r.ok ? { status: 'ok', value: r.value } : { status: r.kind, reason: r.reason };
    },
    secrets: {
      has: async (name) => (await (await host.secrets()).get(scopedSecretKey(pluginId, name))) !== undefined,
    },
    log: host.log,
    signal: host.signal,
  };
}

export function healthContext(pluginId: string, host: DeployHost, joined: JoinedView): HealthContext {
  return { ...nodeContext(pluginId, host), joined };
}

export function deployEnv(pluginId: string, host: DeployHost): DeployEnv {
  return {
    pluginId,
    user: hostUser(),
    nodeDir: nodeDataDir(host.dataDir, pluginId),
    walletsFile: host.walletsFile,
    secret: async (name) => (await host.secrets()).get(scopedSecretKey(pluginId, name)),
    signal: host.signal,
    progress: host.progress,
  };
}
