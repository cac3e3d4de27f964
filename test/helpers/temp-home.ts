/** A throwaway home folder: HOME, XDG_* and DEPIN_HOME all point into fresh temp folders. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempHome {
  home: string;
  /** process.env with HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME and DEPIN_HOME replaced. */
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function makeTempHome(prefix = 'depin-home-'): TempHome {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    DEPIN_HOME: join(home, 'depin'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return {
    home,
    env: { ...process.env, HOME: home, USERPROFILE: home, ...dirs },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
