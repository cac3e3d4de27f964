import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What every probe is handed: where to look for tools and files, and how long it may take. */
export interface ProbeContext {
  /** Environment for tool lookup (PATH) and for the tools themselves. */
  env: NodeJS.ProcessEnv;
  /** Prefix for the files probes read (/sys, /run, /etc, /usr/share); "/" on a real machine. */
  fsRoot: string;
  /** Time limit for a slow tool (nvidia-smi); quick checks use `quickMs`. */
  timeoutMs: number;
  /** Time limit for version checks and `docker info`. */
  quickMs: number;
  platform: NodeJS.Platform;
}

/** A path under the context's filesystem root. */
export function rooted(ctx: ProbeContext, path: string): string {
  return ctx.fsRoot === '/' ? path : join(ctx.fsRoot, path);
}

/** A file's text, or undefined when it cannot be read (absent, permission, not a file). */
export async function readText(ctx: ProbeContext, path: string): Promise<string | undefined> {
  try {
    return await readFile(rooted(ctx, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** A directory's entries, or [] when it cannot be listed. */
export async function listDir(ctx: ProbeContext, path: string): Promise<string[]> {
  try {
    return await readdir(rooted(ctx, path));
  } catch {
    return [];
  }
}

/**
 * Resolves to the promise's value, or to `fallback` when it rejects or takes longer than `ms`:
 * one stuck probe must not hold up the whole profile.
 */
export function settle<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}
