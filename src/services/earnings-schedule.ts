import { snapshotMissEvent } from '../core/snapshot-event.js';
import type { OpsEvent } from '../core/watchdog-event.js';

export interface ScheduleDeps {
  /** Milliseconds between snapshots; 0 turns them off. Read again before every wait (SIGHUP reloads). */
  intervalMs(): number;
  /** Longest one snapshot may take; then it is cancelled and recorded as failed. */
  deadlineMs(): number;
  /** Takes one snapshot and says how it went; aborting `signal` must leave nothing half-written. */
  take(signal: AbortSignal): Promise<OpsEvent>;
  record(event: OpsEvent): void;
  log(line: string): void;
  now?(): number;
}

/**
 * The daemon's earnings snapshots: one at start, then one every interval, on timers of their own,
 * so a slow chain never delays a health cycle. At most one runs at a time (the next is planned
 * only once the last has ended), each under a deadline.
 */
export class EarningsSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: ScheduleDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Takes the first snapshot now, when snapshots are on. */
  start(): void {
    if (this.deps.intervalMs() > 0) this.fire();
    else this.deps.log('earnings snapshots are off (daemon.earningsIntervalMinutes is 0)');
  }

  /** After a reload: a changed interval applies from now; 0 cancels the next snapshot. */
  reschedule(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.deps.intervalMs() > 0) this.plan(this.deps.intervalMs());
  }

  /** Whether a snapshot is in flight (tests and the shutdown path). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Cancels the snapshot in flight (nothing of it is written) and waits for it, `graceMs` at most. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const running = this.running;
    if (!running) return;
    this.controller?.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private plan(waitMs: number): void {
    this.timer = setTimeout(() => this.fire(), waitMs);
    // A planned snapshot alone does not keep the process alive.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped || this.running) return;
    const started = this.now();
    const controller = new AbortController();
    this.controller = controller;
    const deadlineMs = this.deps.deadlineMs();
    let late: NodeJS.Timeout | undefined;
    const overdue = new Promise<OpsEvent>((resolve) => {
      late = setTimeout(() => {
        controller.abort();
        resolve(
          snapshotMissEvent(
            'failed',
            `did not finish within ${deadlineMs < 10_000 ? `${deadlineMs} ms` : `${Math.round(deadlineMs / 1000)} s`}; nothing of it was stored`,
            this.now(),
            this.now() - started,
          ),
        );
      }, deadlineMs);
    });
    const work = this.deps.take(controller.signal).catch((error: unknown) => {
      const outcome = controller.signal.aborted && this.stopped ? 'cancelled' : 'failed';
      const reason = outcome === 'cancelled' ? 'the daemon stopped before it finished; nothing of it was stored' : (error as Error).message;
      return snapshotMissEvent(outcome, reason, this.now(), this.now() - started);
    });
    this.running = Promise.race([work, overdue])
      .then((event) => {
        try {
          this.deps.record(event);
        } catch (error) {
          this.deps.log(`earnings snapshot not recorded: ${(error as Error).message}`);
        }
      })
      .finally(() => {
        clearTimeout(late);
        this.running = undefined;
        this.controller = undefined;
        const interval = this.deps.intervalMs();
        if (!this.stopped && interval > 0) this.plan(Math.max(0, interval - (this.now() - started)));
      });
  }
}
