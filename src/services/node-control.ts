import { resourceLabel } from '../core/resource-key.js';
import { DepinError } from '../domain/errors.js';
import type { AdapterTable, DeployEnv, NodeControl } from '../deploy/types.js';
import type { Resource } from '../plugin-api/resources.js';
import { updateJoined } from '../store/joined-record.js';
import { joinedOrThrow } from './leave.js';

export type ControlAction = 'start' | 'stop' | 'restart';

function controllable(adapters: AdapterTable, resources: Resource[]): { resource: Resource; control: NodeControl }[] {
  return resources.flatMap((resource) => {
    const control = (adapters[resource.kind] as { control?: NodeControl }).control;
    return control ? [{ resource, control }] : [];
  });
}

/**
 * Starts, stops or restarts the recorded resources that run (containers, units). A stop is remembered,
 * so a watchdog never restarts a node the person stopped.
 */
export async function controlNode(dataDir: string, pluginId: string, action: ControlAction, adapters: AdapterTable, env: DeployEnv): Promise<string[]> {
  const joined = joinedOrThrow(dataDir, pluginId);
  const targets = controllable(adapters, joined.resources);
  if (targets.length === 0) {
    throw new DepinError('NOTHING_TO_CONTROL', `${pluginId} runs nothing on this machine that depin can ${action}`, {
      suggestion: 'Its node runs on its own device or is managed outside depin; `depin status` shows what depin can see.',
    });
  }
  // Stop in reverse order of creation (the node before what it depends on), start in order.
  const ordered = action === 'stop' ? [...targets].reverse() : targets;
  const mark = () => updateJoined(dataDir, pluginId, (current) => (current ? { ...current, stoppedByUser: action === 'stop' } : current));
  // A stop is recorded before the node goes down, so a watchdog that looks in between sees a stop
  // the person asked for, never an outage to repair.
  if (action === 'stop') mark();
  const done: string[] = [];
  for (const { resource, control } of ordered) {
    await control[action](resource, env);
    done.push(`${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : 'restarted'} ${resourceLabel(resource)}`);
  }
  if (action !== 'stop') mark();
  return done;
}

/** Streams the node's logs from the first recorded resource that has them. */
export async function nodeLogs(
  dataDir: string,
  pluginId: string,
  adapters: AdapterTable,
  env: DeployEnv,
  options: { follow: boolean; lines: number; onLine(line: string): void },
): Promise<void> {
  const joined = joinedOrThrow(dataDir, pluginId);
  const target = controllable(adapters, joined.resources).find((t) => t.control.logs);
  if (!target?.control.logs) {
    throw new DepinError('NO_LOGS', `${pluginId} has no logs on this machine`, {
      suggestion: 'Its node runs on its own device or is managed outside depin.',
    });
  }
  await target.control.logs(target.resource, env, options);
}
