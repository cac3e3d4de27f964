/** What the event log records. The same list is the CHECK constraint of the `events` table. */
export const EVENT_KINDS = [
  'health',
  'restart',
  'restart-failed',
  'watchdog-gave-up',
  'alert-sent',
  'alert-failed',
  'alert-dropped',
  'earnings-snapshot',
  'daemon-started',
  'daemon-stopped',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** One line of the event log. `data` holds small structured facts (states, attempt numbers); never a secret. */
export interface OpsEvent {
  at: number;
  network?: string;
  kind: EventKind;
  detail: string;
  data?: Record<string, string | number | boolean>;
}

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}
