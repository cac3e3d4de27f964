import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * Finds `cmd` on PATH the way a shell would, without starting one: the first directory holding an
 * executable file of that name wins. Returns its full path, or undefined.
 */
export function which(cmd: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (cmd.length === 0) return undefined;
  const names = platform === 'win32' ? windowsNames(cmd, env) : [cmd];
  if (isAbsolute(cmd) || cmd.includes('/')) return names.find((name) => isExecutable(name, platform));
  const dirs = (pathValue(env) ?? '').split(platform === 'win32' ? ';' : delimiter).filter((dir) => dir.length > 0);
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

// Windows spells the variable Path as often as PATH.
function pathValue(env: NodeJS.ProcessEnv): string | undefined {
  if (env.PATH !== undefined) return env.PATH;
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key ? env[key] : undefined;
}

function windowsNames(cmd: string, env: NodeJS.ProcessEnv): string[] {
  const exts = (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  if (exts.some((ext) => cmd.toUpperCase().endsWith(ext.toUpperCase()))) return [cmd];
  return exts.map((ext) => cmd + ext.toLowerCase());
}

function isExecutable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform === 'win32') return true;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
