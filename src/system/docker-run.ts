/**
 * Creating containers: make sure the image is here (pulling it with progress when it is not), create,
 * start, and undo the creation when the start fails, so that a failed step leaves nothing behind.
 */
import { checkSpec, displayArgs, runArgs, type ContainerSpec } from '../core/docker-run-args.js';
import type { InspectedContainer } from '../core/container-diff.js';
import { dockerMessage, execDocker, mask, type DockerEnv } from './docker-exec.js';
import { fail, inspectContainerWith, inspectImageWith, type DockerFailure, type DockerResult } from './docker-ops.js';

export interface CreateOptions {
  /** Pull progress, one line at a time, when the image has to be pulled first. */
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunOnceOptions {
  secretValues?: Record<string, string>;
  /** Each output line as the container prints it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How long the run may take; unlimited when absent. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

/** Pulls `ref`, streaming docker's progress lines. */
export async function pullImageWith(
  client: DockerEnv,
  ref: string,
  onProgress?: (line: string) => void,
  signal?: AbortSignal,
): Promise<DockerResult<undefined>> {
  const args = ['pull', ref];
  const result = await execDocker(client, { args, signal, onLine: (line) => onProgress?.(line) });
  if (result.ran && result.exitCode === 0) return { ok: true, value: undefined };
  if (!result.ran && result.cancelled) return fail(`pulling image ${ref} was cancelled`, args, result, { cancelled: true });
  return fail(`image ${ref} is absent and cannot be pulled: ${dockerMessage(result)}`, args, result);
}

/**
 * Environment for `--env=NAME`: container variable → value, looked up by secret reference name in
 * `secretValues`. A missing value is an error rather than an empty variable (docker would silently
 * drop the variable, or take a same-named one from this process's environment).
 */
function secretEnvFor(spec: ContainerSpec, secretValues: Record<string, string>): { ok: true; env: Record<string, string> } | { ok: false; reason: string } {
  const env: Record<string, string> = {};
  for (const [name, reference] of Object.entries(spec.secretEnv ?? {})) {
    const value = secretValues[reference];
    if (value === undefined) return { ok: false, reason: `secret ${reference} (for ${name} in ${spec.name}) has no value in the secret store` };
    env[name] = value;
  }
  return { ok: true, env };
}

async function prepare(
  client: DockerEnv,
  spec: ContainerSpec,
  secretValues: Record<string, string>,
  options: CreateOptions,
): Promise<{ ok: true; env: Record<string, string> } | DockerFailure> {
  const problem = checkSpec(spec);
  if (problem !== undefined) return { ok: false, reason: problem, command: ['docker', 'create'], output: '' };
  const command = displayArgs(spec, 'create');
  const secrets = secretEnvFor(spec, secretValues);
  if (!secrets.ok) return { ok: false, reason: secrets.reason, command, output: '' };
  const image = await inspectImageWith(client, spec.image);
  if (!image.ok) return image;
  if (image.value === undefined) {
    const pulled = await pullImageWith(client, spec.image, options.onProgress, options.signal);
    if (!pulled.ok) return pulled;
  }
  return secrets;
}

/** Creates the container and starts it; when the start fails the new container is removed again. */
export async function createAndStartWith(
  client: DockerEnv,
  spec: ContainerSpec,
  secretValues: Record<string, string> = {},
  options: CreateOptions = {},
): Promise<DockerResult<InspectedContainer>> {
  const ready = await prepare(client, spec, secretValues, options);
  if (!ready.ok) return ready;
  const secrets = Object.values(ready.env);
  const args = runArgs(spec, 'create');
  const created = await execDocker(client, { args, extraEnv: ready.env, timeoutMs: 120_000 });
  // A failed create (a name already taken, a bad mount source) made nothing, and the container that
  // holds the name is not ours to remove.
  if (!created.ran || created.exitCode !== 0) return fail(`docker create ${spec.name} failed: ${dockerMessage(created)}`, args, created, {}, secrets);
  const startArgs = ['start', spec.name];
  const started = await execDocker(client, { args: startArgs, timeoutMs: 120_000 });
  if (!started.ran || started.exitCode !== 0) {
    await execDocker(client, { args: ['rm', '--force', '--volumes', spec.name], timeoutMs: 60_000 });
    return fail(`docker start ${spec.name} failed, so the new container was removed: ${dockerMessage(started)}`, startArgs, started, {}, secrets);
  }
  const inspected = await inspectContainerWith(client, spec.name);
  if (!inspected.ok) return inspected;
  if (inspected.value === undefined) return { ok: false, reason: `container ${spec.name} vanished right after it started`, command: startArgs, output: '' };
  return { ok: true, value: inspected.value };
}

/**
 * A one-time run (Storj's `SETUP=true`): create with no restart policy, start attached, wait for the
 * exit, then remove the container whatever happened. Output lines are masked for secret values.
 */
export async function runOnceWith(
  client: DockerEnv,
  spec: ContainerSpec,
  options: RunOnceOptions = {},
): Promise<DockerResult<{ exitCode: number; output: string }>> {
  const once: ContainerSpec = { ...spec, restart: 'no' };
  const ready = await prepare(client, once, options.secretValues ?? {}, options);
  if (!ready.ok) return ready;
  const secrets = Object.values(ready.env);
  const existing = await inspectContainerWith(client, once.name);
  if (!existing.ok) return existing;
  if (existing.value !== undefined) {
    return { ok: false, reason: `a container named ${once.name} already exists; remove or rename it first`, command: displayArgs(once, 'create'), output: '' };
  }
  const args = runArgs(once, 'create');
  const created = await execDocker(client, { args, extraEnv: ready.env, timeoutMs: 120_000 });
  if (!created.ran || created.exitCode !== 0) return fail(`docker create ${once.name} failed: ${dockerMessage(created)}`, args, created, {}, secrets);
  let output = '';
  const startArgs = ['start', '--attach', once.name];
  try {
    const ran = await execDocker(client, {
      args: startArgs,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      extraEnv: ready.env,
      onLine: (line, stream) => {
        output += line + '\n';
        options.onLine?.(line, stream);
      },
    });
    if (!ran.ran) return fail(`one-time run of ${once.name}: ${ran.reason}`, startArgs, ran, { cancelled: ran.cancelled }, secrets);
    const after = await inspectContainerWith(client, once.name);
    if (!after.ok) return after;
    const exitCode = after.value?.state.exitCode ?? ran.exitCode;
    return { ok: true, value: { exitCode, output: mask(output, secrets) } };
  } finally {
    await execDocker(client, { args: ['rm', '--force', '--volumes', once.name], timeoutMs: 60_000 });
  }
}
