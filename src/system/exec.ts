/**
 * The one place depin runs external programs. No shell is involved: the command and its arguments go
 * to the OS as given, so nothing in them is ever interpreted.
 */
import { spawn } from 'node:child_process';

/** How a tool run ended when it ran at all (any exit code, zero or not). */
export interface ToolRan {
  ok: true;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Why a tool could not be run to completion: missing, not executable, timed out, cancelled, killed. */
export interface ToolFailed {
  ok: false;
  reason: string;
  /** True when the program does not exist (ENOENT), so callers can say "not installed". */
  notFound: boolean;
  /** True when the caller's signal stopped it. */
  cancelled?: boolean;
}

export type ToolResult = ToolRan | ToolFailed;

export interface RunToolOptions {
  /** Longest the program (and everything it started) may run; `Infinity` for no limit (then pass a signal). */
  timeoutMs: number;
  /** Variables added to (and overriding) this process's environment; PATH here also decides lookup. */
  env?: NodeJS.ProcessEnv;
  /** Working directory; defaults to this process's. */
  cwd?: string;
  /** Stops the program and its children; the result is then `{ ok: false, cancelled: true }`. */
  signal?: AbortSignal;
  /** Called with each piece of output as it arrives (UTF-8, split anywhere, never inside a character). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Keep the output for the result (default true); a follower that streams forever passes false. */
  collect?: boolean;
}

/** After the group is killed, how long to wait for pipes held by an escaped grandchild before giving up on them. */
const PIPE_GRACE_MS = 100;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The child leads its own process group (detached), so this reaches every process it started.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Runs `cmd args…` in its own process group and never throws: every failure comes back as
 * `{ ok: false, reason }`. The time limit and the signal kill the whole group, so a grandchild that
 * keeps stdout open cannot hold the caller past the limit.
 */
export function runTool(cmd: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  return new Promise<ToolResult>((resolve) => {
    const collect = options.collect ?? true;
    const out = { stdout: '', stderr: '' };
    let stopped: ToolFailed | undefined;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let timer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    if (options.signal?.aborted) {
      resolve({ ok: false, reason: `${cmd} was cancelled before it started`, notFound: false, cancelled: true });
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd, [...args], {
        env: { ...process.env, ...options.env },
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
    } catch (error) {
      resolve({ ok: false, reason: `${cmd} could not be run: ${(error as Error).message}`, notFound: false });
      return;
    }

    const finish = (result: ToolResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const conclude = () => {
      if (stopped) return finish(stopped);
      if (!exit) return;
      if (exit.code === null) {
        const by = exit.signal ? ` by ${exit.signal}` : '';
        return finish({ ok: false, reason: `${cmd} was stopped${by}`, notFound: false });
      }
      finish({ ok: true, stdout: out.stdout, stderr: out.stderr, exitCode: exit.code });
    };
    const stop = (failure: ToolFailed) => {
      if (settled || stopped) return;
      stopped = failure;
      killGroup(child.pid);
      // An escaped grandchild (its own session) could keep the pipes open: do not wait on it.
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(failure);
      }, PIPE_GRACE_MS);
    };
    const onAbort = () => stop({ ok: false, reason: `${cmd} was cancelled`, notFound: false, cancelled: true });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (Number.isFinite(options.timeoutMs)) {
      timer = setTimeout(
        () => stop({ ok: false, reason: `${cmd} did not finish within ${options.timeoutMs} ms`, notFound: false }),
        Math.max(0, options.timeoutMs),
      );
    }

    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name]!;
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        if (collect) out[name] += text;
        options.onOutput?.(name, text);
      });
      stream.on('error', () => {});
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ ok: false, reason: `${cmd} was not found`, notFound: true });
      else if (error.code) finish({ ok: false, reason: `${cmd} could not be started (${error.code})`, notFound: false });
      else finish({ ok: false, reason: `${cmd} could not be run: ${error.message}`, notFound: false });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background child may keep the pipes open after the program itself ended: the result is
      // final now, so stop waiting for them soon (the background child is left alone).
      if (!stopped) {
        graceTimer = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          conclude();
        }, PIPE_GRACE_MS);
      }
    });
    child.on('close', conclude);
  });
}
