import { DepinError } from '../domain/errors.js';
import type { AdapterTable, DeployEnv, NodeControl } from '../deploy/types.js';
import { readJoined } from '../store/joined-record.js';

/**
 * Restarts a node through the runtimes of its recorded resources, as `depin restart` does, but
 * without writing the joined record: a watchdog restart must never clear a stop the person made
 * while it ran. The record is read again first, so a `depin stop` that landed since the check wins.
 */
export async function watchdogRestart(dataDir: string, pluginId: string, adapters: AdapterTable, env: DeployEnv): Promise<'restarted' | 'stopped-by-user'> {
  const joined = readJoined(dataDir).networks[pluginId];
  if (!joined) throw new DepinError('NOT_JOINED', `${pluginId} is no longer joined`);
  if (joined.stoppedByUser) return 'stopped-by-user';
  const targets = joined.resources.flatMap((resource) => {
    const control = (adapters[resource.kind] as { control?: NodeControl }).control;
    return control ? [{ resource, control }] : [];
  });
  if (targets.length === 0) throw new DepinError('NOTHING_TO_CONTROL', `${pluginId} runs nothing on this machine that depin can restart`);
  for (const { resource, control } of targets) await control.restart(resource, env);
  return 'restarted';
}
