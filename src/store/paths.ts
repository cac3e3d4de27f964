import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where depin keeps its files. */
export interface DepinPaths {
  config: string;
  data: string;
  logs: string;
  configFile: string;
  walletsFile: string;
  dbFile: string;
  /** npm prefix for third-party plugins (`depin plugins add`). */
  pluginsDir: string;
  /** Encrypted secrets file used when no OS keychain is reachable. */
  secretsFile: string;
}

/**
 * DEPIN_HOME puts everything under one folder (tests and multi-profile users rely on it); otherwise
 * XDG paths on Linux, the platform's own folders elsewhere.
 */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): DepinPaths {
  let config: string;
  let data: string;
  let logs: string;
  if (env.DEPIN_HOME) {
    config = join(env.DEPIN_HOME, 'config');
    data = join(env.DEPIN_HOME, 'data');
    logs = join(env.DEPIN_HOME, 'logs');
  } else {
    const home = env.HOME ?? homedir();
    if (platform === 'darwin') {
      config = join(home, 'Library', 'Preferences', 'depin');
      data = join(home, 'Library', 'Application Support', 'depin');
      logs = join(home, 'Library', 'Logs', 'depin');
    } else if (platform === 'win32') {
      const appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
      const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
      config = join(appData, 'depin', 'Config');
      data = join(local, 'depin', 'Data');
      logs = join(local, 'depin', 'Logs');
    } else {
      config = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'depin');
      data = join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'depin');
      logs = join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'depin', 'logs');
    }
  }
  return {
    config,
    data,
    logs,
    configFile: join(config, 'config.json'),
    walletsFile: join(config, 'wallets.json'),
    dbFile: join(data, 'history.db'),
    pluginsDir: join(data, 'plugins'),
    secretsFile: join(data, 'secrets.enc'),
  };
}
