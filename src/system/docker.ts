/**
 * The only place depin runs the docker CLI. Every function answers a value: `{ ok: true, value }` or a
 * failure with the reason, the exact command (safe to print) and docker's output.
 *
 * The free functions use this process's environment at each call, so DOCKER_HOST (and DOCKER_CONTEXT,
 * DOCKER_CONFIG) are honoured; `dockerClient(env)` gives the same functions over another environment.
 */
import type { ContainerSpec } from '../core/docker-run-args.js';
import type { InspectedContainer, InspectedImage } from '../core/container-diff.js';
import { checkDockerAvailable, type DockerAvailability } from './docker-available.js';
import type { DockerEnv } from './docker-exec.js';
import {
  inspectContainerWith,
  inspectImageWith,
  logsWith,
  removeWith,
  restartWith,
  startWith,
  stopWith,
  type DockerResult,
  type LogsOptions,
} from './docker-ops.js';
import { createAndStartWith, pullImageWith, runOnceWith, type CreateOptions, type RunOnceOptions } from './docker-run.js';

export type { DockerAvailability } from './docker-available.js';
export type { DockerEnv } from './docker-exec.js';
export type { DockerFailure, DockerResult, LogsOptions } from './docker-ops.js';
export type { CreateOptions, RunOnceOptions } from './docker-run.js';

export interface Docker {
  /** Whether the CLI exists and its daemon answers; the fix for each way it can fail. */
  dockerAvailable(): Promise<DockerAvailability>;
  inspectContainer(name: string): Promise<DockerResult<InspectedContainer | undefined>>;
  inspectImage(ref: string): Promise<DockerResult<InspectedImage | undefined>>;
  /** `secretValues` maps secret reference names (the values of `spec.secretEnv`) to their values. */
  createAndStart(spec: ContainerSpec, secretValues?: Record<string, string>, options?: CreateOptions): Promise<DockerResult<InspectedContainer>>;
  start(name: string): Promise<DockerResult<undefined>>;
  stop(name: string, timeoutSeconds: number): Promise<DockerResult<undefined>>;
  restart(name: string, timeoutSeconds?: number): Promise<DockerResult<undefined>>;
  remove(name: string): Promise<DockerResult<{ removed: boolean }>>;
  pullImage(ref: string, onProgress?: (line: string) => void, signal?: AbortSignal): Promise<DockerResult<undefined>>;
  logs(name: string, options: LogsOptions): Promise<DockerResult<{ cancelled: boolean }>>;
  runOnce(spec: ContainerSpec, options?: RunOnceOptions): Promise<DockerResult<{ exitCode: number; output: string }>>;
}

export function dockerClient(client: DockerEnv = {}): Docker {
  return {
    dockerAvailable: () => checkDockerAvailable(client),
    inspectContainer: (name) => inspectContainerWith(client, name),
    inspectImage: (ref) => inspectImageWith(client, ref),
    createAndStart: (spec, secretValues, options) => createAndStartWith(client, spec, secretValues, options),
    start: (name) => startWith(client, name),
    stop: (name, timeoutSeconds) => stopWith(client, name, timeoutSeconds),
    restart: (name, timeoutSeconds) => restartWith(client, name, timeoutSeconds),
    remove: (name) => removeWith(client, name),
    pullImage: (ref, onProgress, signal) => pullImageWith(client, ref, onProgress, signal),
    logs: (name, options) => logsWith(client, name, options),
    runOnce: (spec, options) => runOnceWith(client, spec, options),
  };
}

const local = dockerClient();

export const dockerAvailable = local.dockerAvailable;
export const inspectContainer = local.inspectContainer;
export const inspectImage = local.inspectImage;
export const createAndStart = local.createAndStart;
export const start = local.start;
export const stop = local.stop;
export const restart = local.restart;
export const remove = local.remove;
export const pullImage = local.pullImage;
export const logs = local.logs;
export const runOnce = local.runOnce;
