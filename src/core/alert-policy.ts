/** Pure parts of alerting: the message for a state change, the rate limit, and redaction. */

export type AlertKind = 'down' | 'recovered' | 'test';

export interface Alert {
  kind: AlertKind;
  at: number;
  network?: string;
  state?: string;
  title: string;
  message: string;
}

export function alertFor(
  kind: AlertKind,
  at: number,
  host: string,
  node?: { network: string; name: string; state: string; detail: string; restarts: number; reason?: 'max-restarts' | 'cannot-restart' },
): Alert {
  if (kind === 'test' || !node) {
    return { kind: 'test', at, title: `depin on ${host}: test alert`, message: `A test message from depin on ${host}. Alerts reach this channel.` };
  }
  if (kind === 'recovered') {
    return {
      kind,
      at,
      network: node.network,
      state: node.state,
      title: `${node.name} recovered on ${host}`,
      message: `${node.name} (${node.network}) on ${host} is ${node.state} again.`,
    };
  }
  const why =
    node.reason === 'cannot-restart'
      ? 'depin runs nothing here that it can restart'
      : node.restarts === 0
        ? 'the watchdog does not restart it (watchdog.maxRestarts is 0)'
        : `the watchdog restarted it ${node.restarts} time${node.restarts === 1 ? '' : 's'} and gave up`;
  return {
    kind,
    at,
    network: node.network,
    state: node.state,
    title: `${node.name} is ${node.state} on ${host}`,
    message: `${node.name} (${node.network}) on ${host} is ${node.state}: ${node.detail}. ${why}. Check \`depin status\` and \`depin logs ${node.network}\`.`,
  };
}

/** Sliding one-hour window: whether another alert may go out, given the times of those sent. */
export function withinRateLimit(sentAt: readonly number[], at: number, maxPerHour: number): boolean {
  return sentAt.filter((t) => t > at - 3_600_000).length < maxPerHour;
}

/** Replaces every secret value in a text (a server may echo a token back in an error body). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/** A URL as it may be shown: no user info, no query (ntfy and webhook URLs can carry tokens there). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
