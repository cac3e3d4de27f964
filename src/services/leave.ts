import { resourceKey } from '../core/resource-key.js';
import { DepinError } from '../domain/errors.js';
import { removeResources } from '../deploy/engine.js';
import type { AdapterTable, DeployEnv } from '../deploy/types.js';
import { readJoined, updateJoined, type JoinedNetwork } from '../store/joined-record.js';
import type { SecretStore } from '../wallet/secrets/index.js';
import { scopedSecretKey } from './join-context.js';

export function joinedOrThrow(dataDir: string, pluginId: string): JoinedNetwork {
  const joined = readJoined(dataDir).networks[pluginId];
  if (!joined) {
    throw new DepinError('NOT_JOINED', `${pluginId} is not joined on this machine`, {
      kind: 'not-configured',
      suggestion: `Run \`depin join ${pluginId}\` first, or \`depin status\` to see what is joined.`,
    });
  }
  return joined;
}

export interface LeaveOutcome {
  done: string[];
  failed: { label: string; reason: string }[];
  forgotSecrets: string[];
}

/**
 * Removes what join made (only resources recorded as applied, so a folder the person brought is never
 * touched), keeps node data unless `purge`, and forgets the network once nothing failed.
 */
export async function leaveNetwork(
  dataDir: string,
  pluginId: string,
  adapters: AdapterTable,
  env: DeployEnv,
  options: { purge: boolean; secrets: () => Promise<SecretStore> },
): Promise<LeaveOutcome> {
  const joined = joinedOrThrow(dataDir, pluginId);
  const applied = new Set(joined.applied);
  // A one-time run killed half way is not recorded as applied, yet may have left its container; the
  // adapter removes only a container that carries this network's label.
  const ours = joined.resources.filter((r) => applied.has(resourceKey(r)) || r.kind === 'device' || r.kind === 'container-run');
  const { done, failed } = await removeResources(ours, adapters, env, { purge: options.purge });
  const forgotSecrets: string[] = [];
  if (options.purge && failed.length === 0 && joined.secrets.length > 0) {
    const store = await options.secrets();
    for (const name of joined.secrets) if (await store.delete(scopedSecretKey(pluginId, name))) forgotSecrets.push(name);
  }
  if (failed.length === 0) updateJoined(dataDir, pluginId, () => undefined);
  return { done, failed, forgotSecrets };
}
