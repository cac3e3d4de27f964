/**
 * The one place depin runs external programs. No shell is involved: the command and its arguments go
 * to the OS as given, so nothing in them is ever interpreted.
 */

/** How a tool run ended when it ran at all (any exit code, zero or not). */
export interface ToolRan {
  ok: true;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Why a tool could not be run to completion: missing, not executable, timed out, killed. */
export interface ToolFailed {
  ok: false;
  reason: string;
  /** True when the program does not exist (ENOENT), so callers can say "not installed". */
  notFound: boolean;
}

export type ToolResult = ToolRan | ToolFailed;

export interface RunToolOptions {
  timeoutMs: number;
  /** Variables added to (and overriding) this process's environment; PATH here also decides lookup. */
  env?: NodeJS.ProcessEnv;
  /** Working directory; defaults to this process's. */
  cwd?: string;
}

type Execa = typeof import('execa').execa;
let execaPromise: Promise<Execa> | undefined;

// execa is loaded on first use so that commands which never run a tool do not pay for it.
function loadExeca(): Promise<Execa> {
  execaPromise ??= import('execa').then((m) => m.execa);
  return execaPromise;
}

/** Runs `cmd args…` and never throws: every failure comes back as `{ ok: false, reason }`. */
export async function runTool(cmd: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  let execa: Execa;
  try {
    execa = await loadExeca();
  } catch (error) {
    return { ok: false, reason: `cannot load the process runner: ${(error as Error).message}`, notFound: false };
  }
  try {
    const result = await execa(cmd, [...args], {
      reject: false,
      timeout: options.timeoutMs,
      env: options.env,
      extendEnv: true,
      cwd: options.cwd,
      stdin: 'ignore',
      encoding: 'utf8',
      stripFinalNewline: false,
      windowsHide: true,
    });
    if (result.timedOut) return { ok: false, reason: `${cmd} did not finish within ${options.timeoutMs} ms`, notFound: false };
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') return { ok: false, reason: `${cmd} was not found`, notFound: true };
    if (code) return { ok: false, reason: `${cmd} could not be started (${code})`, notFound: false };
    if (result.exitCode === undefined) {
      const signal = result.signal ? ` by ${result.signal}` : '';
      return { ok: false, reason: `${cmd} was stopped${signal}`, notFound: false };
    }
    return { ok: true, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode };
  } catch (error) {
    return { ok: false, reason: `${cmd} could not be run: ${(error as Error).message}`, notFound: false };
  }
}
