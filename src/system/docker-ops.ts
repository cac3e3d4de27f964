/**
 * Reading and steering existing containers: inspect, start, stop, restart, remove, logs. Each answer
 * is a value; a failure carries the exact command and docker's output so that the deploy engine can
 * print the step that failed.
 */
import type { InspectedContainer, InspectedImage } from '../core/container-diff.js';
import { dockerMessage, execDocker, mask, type DockerEnv, type ExecResult } from './docker-exec.js';
import { parseContainerInspect, parseImageInspect } from './docker-inspect.js';

/** Why a docker call failed, with the argv (safe to print) and what docker said. */
export interface DockerFailure {
  ok: false;
  reason: string;
  /** The docker argv that failed, `docker` first; secret values never appear in it. */
  command: string[];
  /** Docker's stdout and stderr, secret values masked. */
  output: string;
  /** The container or image does not exist. */
  absent?: boolean;
  /** The call was stopped through its AbortSignal. */
  cancelled?: boolean;
}

export type DockerResult<T> = { ok: true; value: T } | DockerFailure;

export function fail(
  reason: string,
  args: readonly string[],
  result: ExecResult,
  flags: { absent?: boolean; cancelled?: boolean } = {},
  secrets: readonly string[] = [],
): DockerFailure {
  const output = [result.stdout, result.stderr].filter((s) => s.length > 0).join('');
  return {
    ok: false,
    reason: mask(reason, secrets),
    command: ['docker', ...args],
    output: mask(output, secrets),
    ...(flags.absent ? { absent: true } : {}),
    ...(flags.cancelled ? { cancelled: true } : {}),
  };
}

const ABSENT = /no such (container|image|object)/i;

function isAbsent(result: ExecResult): boolean {
  return result.ran && result.exitCode !== 0 && ABSENT.test(result.stderr);
}

/** The container named `name`, or undefined when there is none. */
export async function inspectContainerWith(client: DockerEnv, name: string): Promise<DockerResult<InspectedContainer | undefined>> {
  const args = ['container', 'inspect', '--', name];
  const result = await execDocker(client, { args, timeoutMs: 30_000 });
  if (isAbsent(result)) return { ok: true, value: undefined };
  if (!result.ran || result.exitCode !== 0) return fail(`cannot inspect container ${name}: ${dockerMessage(result)}`, args, result);
  const parsed = parseContainerInspect(result.stdout);
  return parsed.ok ? parsed : fail(parsed.reason, args, result);
}

/** The local image `ref`, or undefined when it has not been pulled. */
export async function inspectImageWith(client: DockerEnv, ref: string): Promise<DockerResult<InspectedImage | undefined>> {
  const args = ['image', 'inspect', '--', ref];
  const result = await execDocker(client, { args, timeoutMs: 30_000 });
  if (isAbsent(result)) return { ok: true, value: undefined };
  if (!result.ran || result.exitCode !== 0) return fail(`cannot inspect image ${ref}: ${dockerMessage(result)}`, args, result);
  const parsed = parseImageInspect(result.stdout);
  return parsed.ok ? parsed : fail(parsed.reason, args, result);
}

async function simple(client: DockerEnv, what: string, name: string, args: string[], timeoutMs: number): Promise<DockerResult<undefined>> {
  const result = await execDocker(client, { args, timeoutMs });
  if (result.ran && result.exitCode === 0) return { ok: true, value: undefined };
  if (isAbsent(result)) return fail(`there is no container named ${name}`, args, result, { absent: true });
  return fail(`docker ${what} ${name} failed: ${dockerMessage(result)}`, args, result);
}

export function startWith(client: DockerEnv, name: string): Promise<DockerResult<undefined>> {
  return simple(client, 'start', name, ['start', '--', name], 120_000);
}

/** Stops with SIGTERM and waits `timeoutSeconds` before docker kills the process. */
export function stopWith(client: DockerEnv, name: string, timeoutSeconds: number): Promise<DockerResult<undefined>> {
  return simple(client, 'stop', name, ['stop', `--time=${timeoutSeconds}`, '--', name], (timeoutSeconds + 60) * 1000);
}

/**
 * Restarts with the given grace period, or the container's own stop timeout when none is given
 * (older docker CLIs otherwise send 10 s, which kills a node that needs longer to close cleanly).
 */
export async function restartWith(client: DockerEnv, name: string, timeoutSeconds?: number): Promise<DockerResult<undefined>> {
  let seconds = timeoutSeconds;
  if (seconds === undefined) {
    const inspected = await inspectContainerWith(client, name);
    if (!inspected.ok) return inspected;
    if (inspected.value === undefined)
      return { ok: false, reason: `there is no container named ${name}`, command: ['docker', 'restart', name], output: '', absent: true };
    seconds = inspected.value.stopTimeoutSeconds ?? 10;
  }
  return simple(client, 'restart', name, ['restart', `--time=${seconds}`, '--', name], (seconds + 120) * 1000);
}

/**
 * Removes a stopped container and its anonymous volumes (bind-mounted data stays on the host). A
 * running container is refused: stop it first, with its grace period. `removed` is false when there
 * was nothing to remove, so a repeated `leave` succeeds.
 */
export async function removeWith(client: DockerEnv, name: string): Promise<DockerResult<{ removed: boolean }>> {
  const args = ['rm', '--volumes', '--', name];
  const result = await execDocker(client, { args, timeoutMs: 60_000 });
  if (result.ran && result.exitCode === 0) return { ok: true, value: { removed: true } };
  if (isAbsent(result)) return { ok: true, value: { removed: false } };
  return fail(`docker rm ${name} failed: ${dockerMessage(result)}`, args, result);
}

export interface LogsOptions {
  follow?: boolean;
  /** The last N lines; every line when absent. */
  lines?: number;
  signal?: AbortSignal;
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * Streams the container's log lines (its stdout and stderr) to `onLine`. With `follow` it runs until
 * the signal aborts, which is a normal end (`cancelled: true`), not a failure.
 */
export async function logsWith(client: DockerEnv, name: string, options: LogsOptions): Promise<DockerResult<{ cancelled: boolean }>> {
  const args = ['logs', `--tail=${options.lines === undefined ? 'all' : Math.max(0, Math.floor(options.lines))}`];
  if (options.follow) args.push('--follow');
  args.push('--', name);
  const result = await execDocker(client, { args, signal: options.signal, onLine: options.onLine });
  if (!result.ran && result.cancelled) return { ok: true, value: { cancelled: true } };
  if (result.ran && result.exitCode === 0) return { ok: true, value: { cancelled: false } };
  if (isAbsent(result)) return fail(`there is no container named ${name}`, args, result, { absent: true });
  return fail(`docker logs ${name} failed: ${dockerMessage(result)}`, args, result);
}
