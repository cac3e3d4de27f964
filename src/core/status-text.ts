/** Pure helpers for `depin status`. */

export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${seconds}s`;
}

/**
 * Whether a node needs attention: exit 5 and an alert. A node the person stopped with `depin stop`
 * is as they left it, not a fault.
 */
export function needsAttention(node: { state: string; stoppedByUser: boolean }): boolean {
  if (node.state === 'running') return false;
  if (node.state === 'stopped') return !node.stoppedByUser;
  return true;
}
