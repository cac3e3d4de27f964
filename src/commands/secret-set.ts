import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';
import { ALERT_SECRETS } from '../services/alerts.js';
import { DAEMON_TOKEN_SECRET } from './daemon-settings.js';

interface SecretSetOptions {
  json?: boolean;
  clear?: boolean;
}

/** The secrets the operations commands read; a network's own secrets are set by `depin join`. */
export const OPERATIONS_SECRETS: Record<string, string> = {
  [ALERT_SECRETS.ntfy]: 'bearer token sent to the ntfy topic (alerts.ntfyUrl)',
  [ALERT_SECRETS.webhook]: 'bearer token sent to the alert webhook (alerts.webhookUrl)',
  [DAEMON_TOKEN_SECRET]: "bearer token the daemon's /metrics, /status and /healthz ask for (needed off loopback)",
};

export async function run(ctx: CommandContext, [name]: string[], options: SecretSetOptions): Promise<number> {
  if (!(name in OPERATIONS_SECRETS)) {
    throw usageError(`unknown secret ${JSON.stringify(name)}`, `Use one of: ${Object.keys(OPERATIONS_SECRETS).join(', ')}.`);
  }
  const [{ openSecretStore }, { readSecretValue }] = await Promise.all([import('../wallet/secrets/index.js'), import('../cli/secret-input.js')]);
  // The value is read before the store opens, so a missing value changes nothing anywhere.
  const value = options.clear ? undefined : await readSecretValue(name);
  const store = await openSecretStore(ctx.paths, ctx.env);
  const where = store.backend === 'keychain' ? 'the OS keychain' : `the encrypted file ${ctx.paths.secretsFile}`;
  let changed: boolean;
  if (value === undefined) {
    changed = await store.delete(name);
  } else {
    await store.set(name, value);
    changed = true;
  }
  const out = ctx.output;
  if (out.json) out.printJson({ name, action: value === undefined ? 'cleared' : 'stored', changed, backend: store.backend });
  else if (value !== undefined) out.err(`${name} stored in ${where}. ${reloadHint(name)}`);
  else if (changed) out.err(`${name} removed from ${where}. ${reloadHint(name)}`);
  else out.err(`${name} was not stored; nothing changed`);
  return 0;
}

function reloadHint(name: string): string {
  return name === DAEMON_TOKEN_SECRET
    ? 'A running daemon reads it when it starts: restart it (`systemctl --user restart depin-daemon`, or the same without --user for a system service).'
    : 'A running daemon reads it on SIGHUP or restart; `depin alerts test` tries it now.';
}
