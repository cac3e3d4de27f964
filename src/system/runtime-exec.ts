/**
 * Runs one external program for the runtime modules: an argument array (no shell), optional stdin
 * (how secrets and manifests reach kubectl without touching argv or disk), streaming of stdout lines,
 * a time limit and cancellation by signal.
 */
import type { RuntimeFailure, RuntimeResult } from './runtime-types.js';
import { DEFAULT_RUNTIME_TIMEOUT_MS } from './runtime-types.js';

export interface RunCommandOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Written to the program's stdin, then stdin is closed. */
  input?: string;
  /** Called with each complete stdout line as it arrives; stdout is then not kept in the result. */
  onLine?: (line: string) => void;
}

/** A program that ran to its end, whatever its exit code. */
export interface CommandRan {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** True when the caller's signal ended it (only possible with onLine: following stops that way). */
  cancelled: boolean;
}

type Execa = typeof import('execa').execa;
let execaPromise: Promise<Execa> | undefined;
function loadExeca(): Promise<Execa> {
  execaPromise ??= import('execa').then((m) => m.execa);
  return execaPromise;
}

/** The tool's own words for a failure: stderr when it said anything there, else stdout. */
export function toolOutput(ran: { stdout: string; stderr: string }): string {
  const text = ran.stderr.trim() || ran.stdout.trim();
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/** Runs `cmd args…`; never throws. A non-zero exit is still `ok` here: callers decide what it means. */
export async function runCommand(cmd: string, args: readonly string[], options: RunCommandOptions = {}): Promise<RuntimeResult<CommandRan>> {
  const command = [cmd, ...args];
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUNTIME_TIMEOUT_MS;
  const fail = (kind: RuntimeFailure['kind'], message: string) => ({ ok: false as const, error: { kind, message, command } });
  if (options.signal?.aborted) return fail('cancelled', `${cmd} was not started: cancelled`);
  let execa: Execa;
  try {
    execa = await loadExeca();
  } catch (error) {
    return fail('failed', `cannot load the process runner: ${(error as Error).message}`);
  }
  try {
    const streaming = options.onLine !== undefined;
    const child = execa(cmd, [...args], {
      reject: false,
      timeout: timeoutMs,
      env: options.env,
      extendEnv: true,
      cancelSignal: options.signal,
      ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
      buffer: { stdout: !streaming, stderr: true },
      encoding: 'utf8',
      stripFinalNewline: false,
      windowsHide: true,
    });
    if (streaming && child.stdout) {
      let pending = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        pending += chunk;
        let at = pending.indexOf('\n');
        while (at >= 0) {
          options.onLine!(pending.slice(0, at).replace(/\r$/, ''));
          pending = pending.slice(at + 1);
          at = pending.indexOf('\n');
        }
      });
      child.stdout.on('end', () => {
        if (pending.length > 0) options.onLine!(pending);
        pending = '';
      });
    }
    const result = await child;
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') return fail('not-installed', `${cmd} was not found on PATH`);
    if (result.isCanceled) {
      if (streaming) return { ok: true, value: { stdout: '', stderr: String(result.stderr ?? ''), exitCode: 0, cancelled: true } };
      return fail('cancelled', `${cmd} was cancelled`);
    }
    if (result.timedOut) return fail('timeout', `${cmd} did not finish within ${timeoutMs} ms`);
    if (code) return fail('failed', `${cmd} could not be started (${code})`);
    if (result.exitCode === undefined) return fail('failed', `${cmd} was stopped${result.signal ? ` by ${result.signal}` : ''}`);
    const stdout = streaming ? '' : String(result.stdout ?? '');
    return { ok: true, value: { stdout, stderr: String(result.stderr ?? ''), exitCode: result.exitCode, cancelled: false } };
  } catch (error) {
    return fail('failed', `${cmd} could not be run: ${(error as Error).message}`);
  }
}

/** Turns a non-zero exit into a failure naming the command and carrying the tool's output. */
export function requireSuccess(result: RuntimeResult<CommandRan>, command: string[], what: string): RuntimeResult<CommandRan> {
  if (!result.ok) return result;
  if (result.value.exitCode === 0) return result;
  return {
    ok: false,
    error: {
      kind: 'failed',
      message: `${what} failed (exit ${result.value.exitCode})`,
      command,
      exitCode: result.value.exitCode,
      output: toolOutput(result.value),
    },
  };
}
