/**
 * Runs the docker CLI: an argument array, never a shell, with the environment of the client (so
 * DOCKER_HOST, DOCKER_CONTEXT and DOCKER_CONFIG are honoured) plus any secret variables for `--env=NAME`.
 * Every failure comes back as a value, and every text that leaves this file has secret values masked.
 */
import { createInterface } from 'node:readline';

export interface DockerEnv {
  /** The environment the docker CLI runs in; process.env when absent (read at each call). */
  env?: NodeJS.ProcessEnv;
  /** The docker CLI to run; `docker` on PATH when absent. */
  bin?: string;
}

export interface ExecRequest {
  args: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra variables for this call only (secret values for `--env=NAME`). */
  extraEnv?: Record<string, string>;
  /** Called for each output line as it arrives; the text is still collected for the result. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export type ExecResult =
  | { ran: true; exitCode: number; stdout: string; stderr: string; cancelled: false }
  | { ran: false; reason: string; notFound: boolean; cancelled: boolean; stdout: string; stderr: string };

type Execa = typeof import('execa').execa;
let execaPromise: Promise<Execa> | undefined;

// Loaded on first use so that commands which never touch docker do not pay for execa.
function loadExeca(): Promise<Execa> {
  execaPromise ??= import('execa').then((m) => m.execa);
  return execaPromise;
}

/** Replaces every secret value in `text` with `***`. */
export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}

export async function execDocker(client: DockerEnv, request: ExecRequest): Promise<ExecResult> {
  const secrets = Object.values(request.extraEnv ?? {});
  const bin = client.bin ?? 'docker';
  let execa: Execa;
  try {
    execa = await loadExeca();
  } catch (error) {
    return { ran: false, reason: `cannot load the process runner: ${(error as Error).message}`, notFound: false, cancelled: false, stdout: '', stderr: '' };
  }
  const env = { ...(client.env ?? process.env), ...request.extraEnv };
  let stdout = '';
  let stderr = '';
  try {
    const child = execa(bin, [...request.args], {
      reject: false,
      env,
      extendEnv: false,
      stdin: 'ignore',
      encoding: 'utf8',
      timeout: request.timeoutMs,
      cancelSignal: request.signal,
      windowsHide: true,
      buffer: false,
    });
    const pump = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr') =>
      new Promise<void>((resolve) => {
        if (!stream) return resolve();
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        lines.on('line', (raw) => {
          const line = mask(raw, secrets);
          if (name === 'stdout') stdout += line + '\n';
          else stderr += line + '\n';
          request.onLine?.(line, name);
        });
        lines.on('close', () => resolve());
      });
    const [result] = await Promise.all([child, pump(child.stdout, 'stdout'), pump(child.stderr, 'stderr')]);
    if (result.isCanceled) return { ran: false, reason: `docker ${request.args[0]} was cancelled`, notFound: false, cancelled: true, stdout, stderr };
    if (result.timedOut) {
      return {
        ran: false,
        reason: `docker ${request.args[0]} did not finish within ${request.timeoutMs} ms`,
        notFound: false,
        cancelled: false,
        stdout,
        stderr,
      };
    }
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') return { ran: false, reason: `${bin} was not found`, notFound: true, cancelled: false, stdout, stderr };
    if (code) return { ran: false, reason: `${bin} could not be started (${code})`, notFound: false, cancelled: false, stdout, stderr };
    if (result.exitCode === undefined) {
      return {
        ran: false,
        reason: `docker ${request.args[0]} was stopped${result.signal ? ` by ${result.signal}` : ''}`,
        notFound: false,
        cancelled: false,
        stdout,
        stderr,
      };
    }
    return { ran: true, exitCode: result.exitCode, stdout, stderr, cancelled: false };
  } catch (error) {
    return { ran: false, reason: mask(`${bin} could not be run: ${(error as Error).message}`, secrets), notFound: false, cancelled: false, stdout, stderr };
  }
}

/** Docker's own message from a failed call: its stderr without the "Error response from daemon:" noise. */
export function dockerMessage(result: ExecResult): string {
  const text = (result.stderr.trim() || result.stdout.trim() || (result.ran ? `exit code ${result.exitCode}` : result.reason)).replace(/\s+$/, '');
  return text
    .split('\n')
    .map((line) => line.replace(/^(Error response from daemon|Error):\s*/, ''))
    .filter((line) => line.trim().length > 0)
    .join('\n');
}
