import type { Config } from '../store/config.js';
import { commandDeadlineMs } from '../net/deadline.js';
import type { SecretStore } from '../wallet/secrets/index.js';
import type { DaemonSettings } from '../services/daemon.js';
import { ALERT_SECRETS, type AlertChannel } from '../services/alerts.js';

/** Secret-store name of the bearer token the daemon's endpoints ask for. */
export const DAEMON_TOKEN_SECRET = 'daemon.token';

/** The daemon's settings from the config and the secret store (read at start and on SIGHUP). */
export async function daemonSettings(config: Config, secrets: () => Promise<SecretStore>): Promise<DaemonSettings> {
  const channels: AlertChannel[] = [];
  for (const name of ['ntfy', 'webhook'] as const) {
    const url = config.get(name === 'ntfy' ? 'alerts.ntfyUrl' : 'alerts.webhookUrl');
    if (!url) continue;
    channels.push({ name, url, token: await optionalSecret(secrets, ALERT_SECRETS[name]) });
  }
  return {
    policy: {
      failuresBeforeRestart: config.number('watchdog.failuresBeforeRestart'),
      maxRestarts: config.number('watchdog.maxRestarts'),
      backoffBaseMs: config.number('watchdog.backoffSeconds') * 1000,
      backoffMaxMs: config.number('watchdog.backoffMaxSeconds') * 1000,
      recoveryChecks: config.number('watchdog.recoveryChecks'),
    },
    alerts: {
      channels,
      maxPerHour: config.number('alerts.maxPerHour'),
      retries: config.number('alerts.retries'),
    },
    healthTimeoutMs: config.number('watchdog.healthTimeoutSeconds') * 1000,
    earningsIntervalMs: config.number('daemon.earningsIntervalMinutes') * 60_000,
    // The snapshot's own HTTP deadline, plus time to open the history and load the plugins.
    earningsDeadlineMs: commandDeadlineMs(config.number('http.timeoutMs'), config.number('http.retries')) + 10_000,
  };
}

/**
 * A token that is not set is fine (the channel goes without one); an unreadable store is not: the
 * daemon must not silently send alerts without the token the person stored.
 */
export async function optionalSecret(secrets: () => Promise<SecretStore>, name: string): Promise<string | undefined> {
  const store = await secrets();
  if (store.backend === 'unavailable') return undefined;
  return store.get(name);
}
