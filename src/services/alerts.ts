import { hostname } from 'node:os';
import { displayUrl, redact, withinRateLimit, type Alert } from '../core/alert-policy.js';
import type { OpsEvent } from '../core/watchdog-event.js';
import { httpRequest, type HttpPolicy } from '../net/http-client.js';

/** Secret-store names of the optional bearer tokens. */
export const ALERT_SECRETS = { webhook: 'alerts.webhook-token', ntfy: 'alerts.ntfy-token' } as const;

export interface AlertChannel {
  name: 'ntfy' | 'webhook';
  url: string;
  /** Bearer token from the secret store; sent only in the Authorization header. */
  token?: string;
}

export type DeliveryResult = { channel: AlertChannel['name']; ok: true } | { channel: AlertChannel['name']; ok: false; reason: string };

export interface AlertSettings {
  channels: AlertChannel[];
  maxPerHour: number;
  retries: number;
  /** First wait between attempts (doubles); tests shorten it. */
  retryBaseMs?: number;
  timeoutMs?: number;
}

/**
 * fetch refuses a URL with user:password in it, so credentials written into the URL become Basic
 * auth (ntfy accepts both); a stored bearer token wins over them.
 */
function target(channel: AlertChannel): { url: string; auth: Record<string, string> } {
  const u = new URL(channel.url);
  const basic = u.username || u.password ? Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64') : undefined;
  u.username = '';
  u.password = '';
  const auth: Record<string, string> = channel.token ? { authorization: `Bearer ${channel.token}` } : basic ? { authorization: `Basic ${basic}` } : {};
  return { url: u.href, auth };
}

function request(channel: AlertChannel, alert: Alert, auth: Record<string, string>): { headers: Record<string, string>; body: string } {
  if (channel.name === 'ntfy') {
    // ntfy publishes the body as the message; the headers carry title, priority and tags.
    const priority = alert.kind === 'down' ? 'high' : 'default';
    const tags = alert.kind === 'down' ? 'warning' : alert.kind === 'recovered' ? 'white_check_mark' : 'test_tube';
    return { headers: { ...auth, 'content-type': 'text/plain; charset=utf-8', title: alert.title, priority, tags }, body: alert.message };
  }
  const body = {
    source: 'depin',
    host: hostname(),
    kind: alert.kind,
    network: alert.network ?? null,
    state: alert.state ?? null,
    title: alert.title,
    message: alert.message,
    at: new Date(alert.at).toISOString(),
  };
  return { headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** One alert to one channel, retried with backoff on 5xx, 429 and network errors. Never throws. */
export async function deliver(channel: AlertChannel, alert: Alert, settings: AlertSettings, signal?: AbortSignal): Promise<DeliveryResult> {
  const policy: HttpPolicy = {
    timeoutMs: settings.timeoutMs ?? 10_000,
    retries: settings.retries,
    baseDelayMs: settings.retryBaseMs ?? 1000,
    maxDelayMs: 60_000,
    concurrency: 2,
  };
  const { url, auth } = target(channel);
  const { headers, body } = request(channel, alert, auth);
  const outcome = await httpRequest(url, { method: 'POST', headers, body, signal }, policy);
  if (outcome.ok) return { channel: channel.name, ok: true };
  const reason = redact(outcome.reason, [channel.token, ...secretsInUrl(channel.url)]);
  return { channel: channel.name, ok: false, reason: `${displayUrl(channel.url)}: ${reason}` };
}

function secretsInUrl(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, u.username, ...[...u.searchParams.values()]].filter((v) => v.length >= 4);
  } catch {
    return [];
  }
}

/**
 * Sends alerts in the background (a slow channel never delays a health cycle), under a rate limit,
 * and reports each outcome as an event. `flush` waits for what is in flight, bounded.
 */
export class AlertDispatcher {
  private readonly sentAt: number[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private settings: AlertSettings,
    private readonly record: (events: OpsEvent[]) => void,
  ) {}

  reload(settings: AlertSettings): void {
    this.settings = settings;
  }

  get channels(): AlertChannel[] {
    return this.settings.channels;
  }

  send(alert: Alert): void {
    const { channels, maxPerHour } = this.settings;
    if (channels.length === 0) return;
    const network = alert.network ? { network: alert.network } : {};
    if (!withinRateLimit(this.sentAt, alert.at, maxPerHour)) {
      this.record([
        {
          at: Date.now(),
          ...network,
          kind: 'alert-dropped',
          detail: `${alert.kind} alert not sent: more than ${maxPerHour} alerts in the last hour (alerts.maxPerHour)`,
        },
      ]);
      return;
    }
    this.sentAt.push(alert.at);
    while (this.sentAt.length > maxPerHour * 2) this.sentAt.shift();
    const settings = this.settings;
    const job = Promise.all(channels.map((c) => deliver(c, alert, settings, this.abort.signal))).then((results) => {
      this.record(
        results.map((r) => ({
          at: Date.now(),
          ...network,
          kind: r.ok ? 'alert-sent' : 'alert-failed',
          detail: r.ok ? `${alert.kind} alert sent to ${r.channel}` : `${alert.kind} alert to ${r.channel} failed: ${r.reason}`,
          data: { channel: r.channel, alert: alert.kind },
        })),
      );
    });
    const tracked = job.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Waits for deliveries in flight up to `timeoutMs`, then cancels the rest (they are logged as failed). */
  async flush(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.pending]), timeout]);
    clearTimeout(timer);
    if (this.pending.size > 0) {
      this.abort.abort();
      await Promise.all([...this.pending]);
    }
  }
}
