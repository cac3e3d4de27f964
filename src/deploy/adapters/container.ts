import { existsSync } from 'node:fs';
import { diffContainer } from '../../core/container-diff.js';
import { displayArgs, type ContainerSpec } from '../../core/docker-run-args.js';
import type { ContainerResource, ContainerRunResource } from '../../plugin-api/resources.js';
import * as docker from '../../system/docker.js';
import type { DockerFailure } from '../../system/docker.js';
import { StepFailure, type DeployEnv, type DisplayItem, type NodeControl, type Observation, type ResourceAdapter } from '../types.js';

/** Labels that mark a container as depin's, so `docker ps --filter label=io.depin.network` finds them. */
function labels(env: DeployEnv): Record<string, string> {
  return { 'io.depin.network': env.pluginId };
}

export function containerSpec(resource: ContainerResource, env: DeployEnv): ContainerSpec {
  return {
    name: resource.name,
    image: resource.image,
    ports: resource.ports.map((p) => ({ host: p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol })),
    mounts: resource.mounts,
    env: resource.env,
    secretEnv: resource.secretEnv,
    user: resource.user,
    restart: resource.restart,
    stopTimeoutSeconds: resource.stopTimeoutSeconds,
    gpus: resource.gpus,
    command: resource.command,
    labels: labels(env),
  };
}

function runSpec(resource: ContainerRunResource, env: DeployEnv): ContainerSpec {
  return {
    name: resource.name,
    image: resource.image,
    ports: [],
    mounts: resource.mounts,
    env: resource.env,
    secretEnv: resource.secretEnv,
    user: resource.user,
    restart: 'no',
    gpus: resource.gpus,
    command: resource.command,
    labels: labels(env),
  };
}

function failed(step: string, failure: DockerFailure): StepFailure {
  return new StepFailure(step, failure.reason, failure.command.join(' '), failure.output);
}

async function secretValues(names: Record<string, string>, env: DeployEnv): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const name of new Set(Object.values(names))) {
    const value = await env.secret(name);
    if (value === undefined) throw new StepFailure(`secret ${name}`, `the secret ${name} is not in depin's secret store; run join again and answer it`);
    values[name] = value;
  }
  return values;
}

/** Pulls the image when it is not here; an image that cannot be pulled fails the step with docker's words. */
async function ensureImage(image: string, env: DeployEnv): Promise<void> {
  const present = await docker.inspectImage(image);
  if (!present.ok) throw failed(`image ${image}`, present);
  if (present.value) return;
  env.progress(`pulling ${image}`);
  const pulled = await docker.pullImage(image, (line) => env.progress(line), env.signal);
  if (!pulled.ok) throw failed(`pull ${image}`, pulled);
}

const control: NodeControl<ContainerResource> = {
  async start(resource) {
    const r = await docker.start(resource.name);
    if (!r.ok) throw failed(`start ${resource.name}`, r);
  },
  async stop(resource) {
    const r = await docker.stop(resource.name, resource.stopTimeoutSeconds ?? 10);
    if (!r.ok) throw failed(`stop ${resource.name}`, r);
  },
  async restart(resource) {
    const r = await docker.restart(resource.name, resource.stopTimeoutSeconds);
    if (!r.ok) throw failed(`restart ${resource.name}`, r);
  },
  async logs(resource, env, options) {
    const r = await docker.logs(resource.name, { follow: options.follow, lines: options.lines, signal: env.signal, onLine: (line) => options.onLine(line) });
    if (!r.ok) throw failed(`logs of ${resource.name}`, r);
  },
};

export const containerAdapter: ResourceAdapter<ContainerResource> = {
  async observe(resource, env): Promise<Observation> {
    const found = await docker.inspectContainer(resource.name);
    if (!found.ok) throw failed(`inspect ${resource.name}`, found);
    if (!found.value) return { state: 'absent' };
    const image = await docker.inspectImage(resource.image);
    const differences = diffContainer(containerSpec(resource, env), found.value, image.ok ? image.value : undefined);
    if (differences.length === 0) return { state: 'matches' };
    return { state: 'differs', differences: differences.map((d) => `${d.field}: ${d.have} → ${d.want}`) };
  },
  display(resource, observation, env) {
    const items = [];
    if (observation.state === 'differs') {
      items.push({ kind: 'command' as const, argv: ['docker', 'stop', '--time', String(resource.stopTimeoutSeconds ?? 10), resource.name] });
      items.push({ kind: 'command' as const, argv: ['docker', 'rm', resource.name] });
    }
    items.push({ kind: 'command' as const, argv: displayArgs(containerSpec(resource, env), 'run'), note: 'pulls the image first when it is not here' });
    return items;
  },
  prepare: (resource, env) => ensureImage(resource.image, env),
  async apply(resource, observation, env) {
    await ensureImage(resource.image, env);
    if (observation.state === 'differs') {
      const stopped = await docker.stop(resource.name, resource.stopTimeoutSeconds ?? 10);
      if (!stopped.ok && !stopped.absent) throw failed(`stop ${resource.name}`, stopped);
      const removed = await docker.remove(resource.name);
      if (!removed.ok) throw failed(`remove ${resource.name}`, removed);
    }
    const created = await docker.createAndStart(containerSpec(resource, env), await secretValues(resource.secretEnv, env), {
      onProgress: env.progress,
      signal: env.signal,
    });
    if (!created.ok) throw failed(`run ${resource.name}`, created);
  },
  async remove(resource) {
    const stopped = await docker.stop(resource.name, resource.stopTimeoutSeconds ?? 10);
    if (!stopped.ok && !stopped.absent) throw new Error(`${stopped.reason}`);
    const removed = await docker.remove(resource.name);
    if (!removed.ok) throw new Error(removed.reason);
    return removed.value.removed ? `removed container ${resource.name}` : undefined;
  },
  control,
};

/**
 * The container of a one-time run whose own `docker rm` never ran (the join was killed during the
 * run). Only a container with this plugin's label counts: one of the same name made by hand is not ours.
 */
async function leftoverRun(resource: ContainerRunResource, env: DeployEnv) {
  const found = await docker.inspectContainer(resource.name);
  if (!found.ok) throw failed(`inspect ${resource.name}`, found);
  return found.value?.labels['io.depin.network'] === env.pluginId ? found.value : undefined;
}

export const containerRunAdapter: ResourceAdapter<ContainerRunResource> = {
  async observe(resource, env) {
    const done = existsSync(resource.creates);
    const leftover = await leftoverRun(resource, env);
    if (leftover) return { state: 'differs', differences: [`the container ${resource.name} of an interrupted run is still there`] };
    return done ? { state: 'matches' } : { state: 'absent' };
  },
  display(resource, observation, env) {
    const items: DisplayItem[] = [];
    if (observation.state === 'differs') items.push({ kind: 'command', argv: ['docker', 'rm', '--force', resource.name], note: 'left by an interrupted run' });
    if (existsSync(resource.creates)) return items;
    const argv = displayArgs(runSpec(resource, env), 'run').filter((a) => a !== '-d' && a !== '--detach');
    items.push({ kind: 'command', argv: [...argv.slice(0, 2), '--rm', ...argv.slice(2)], note: `once: ${resource.description}` });
    return items;
  },
  prepare: (resource, env) => ensureImage(resource.image, env),
  async apply(resource, _observation, env) {
    const leftover = await leftoverRun(resource, env);
    if (leftover?.state.running) {
      throw new StepFailure(
        resource.description,
        `${resource.name} from an earlier, interrupted join is still running; wait for it (\`docker wait ${resource.name}\`), then join again`,
      );
    }
    if (leftover) {
      const removed = await docker.remove(resource.name);
      if (!removed.ok) throw failed(`remove ${resource.name}`, removed);
    }
    // The interrupted run got as far as its result: removing its container was all that was left.
    if (existsSync(resource.creates)) return;
    await ensureImage(resource.image, env);
    const ran = await docker.runOnce(runSpec(resource, env), {
      secretValues: await secretValues(resource.secretEnv, env),
      signal: env.signal,
      onProgress: env.progress,
    });
    if (!ran.ok) throw failed(resource.description, ran);
    if (ran.value.exitCode !== 0) {
      throw new StepFailure(
        resource.description,
        `the run exited with code ${ran.value.exitCode}`,
        displayArgs(runSpec(resource, env)).join(' '),
        ran.value.output,
      );
    }
    if (!existsSync(resource.creates)) {
      throw new StepFailure(
        resource.description,
        `the run finished but did not create ${resource.creates}`,
        displayArgs(runSpec(resource, env)).join(' '),
        ran.value.output,
      );
    }
  },
  async remove(resource, env) {
    // What a setup run made is node data, kept or purged with its folder; only a leftover container goes.
    const leftover = await leftoverRun(resource, env);
    if (!leftover) return undefined;
    const stopped = await docker.stop(resource.name, 10);
    if (!stopped.ok && !stopped.absent) throw new Error(stopped.reason);
    const removed = await docker.remove(resource.name);
    if (!removed.ok) throw new Error(removed.reason);
    return removed.value.removed ? `removed the leftover container ${resource.name} of an interrupted setup run` : undefined;
  },
};
