import { hostname } from 'node:os';
import type { CommandContext } from '../cli/context.js';
import { DepinError } from '../cli/errors.js';
import type { SecretStore } from '../wallet/secrets/index.js';

interface AlertsTestOptions {
  json?: boolean;
}

/**
 * Sends one test alert to every configured channel through the daemon's own delivery code (same
 * retries, same redaction), so a channel that passes here is one the daemon can reach.
 */
export async function run(ctx: CommandContext, _args: string[], _options: AlertsTestOptions): Promise<number> {
  const [{ daemonSettings }, { deliver }, { alertFor, displayUrl }, { openSecretStore }] = await Promise.all([
    import('./daemon-settings.js'),
    import('../services/alerts.js'),
    import('../core/alert-policy.js'),
    import('../wallet/secrets/index.js'),
  ]);
  let store: Promise<SecretStore> | undefined;
  const secrets = () => (store ??= openSecretStore(ctx.paths, ctx.env));
  const settings = (await daemonSettings(ctx.config(), secrets)).alerts;
  if (settings.channels.length === 0) {
    throw new DepinError('ALERTS_NOT_CONFIGURED', 'no alert channel is configured', {
      kind: 'not-configured',
      suggestion:
        'Set one or both: `depin config set alerts.ntfyUrl https://ntfy.sh/<your-topic>` and `depin config set alerts.webhookUrl <url>` ' +
        '(optional bearer tokens: `depin secret set alerts.ntfy-token`, `depin secret set alerts.webhook-token`).',
    });
  }
  const out = ctx.output;
  const opened = store ? await store : undefined;
  if (opened?.backend === 'unavailable') out.warn(`tokens not read: no place to keep secrets (${opened.reason}); channels are tried without one`);
  if (!out.json) out.err(`Sending a test alert to ${settings.channels.map((c) => c.name).join(' and ')}…`);

  const alert = alertFor('test', Date.now(), hostname());
  const results = await Promise.all(settings.channels.map((channel) => deliver(channel, alert, settings)));
  const rows = results.map((r, i) => ({
    channel: r.channel,
    url: displayUrl(settings.channels[i].url),
    token: settings.channels[i].token !== undefined,
    delivered: r.ok,
    ...(r.ok ? {} : { reason: r.reason }),
  }));
  const allDelivered = results.every((r) => r.ok);
  if (out.json) {
    out.printJson({ delivered: allDelivered, channels: rows });
  } else {
    for (const row of rows) {
      const auth = row.token ? ' (with token)' : '';
      out.out(row.delivered ? `${row.channel}: delivered to ${row.url}${auth}` : `${row.channel}: failed: ${row.reason}`);
    }
    if (!allDelivered) out.err('A failed channel gets no alerts from `depin daemon` either: check its URL (`depin config get alerts.<channel>Url`) and token.');
  }
  return allDelivered ? 0 : 1;
}
