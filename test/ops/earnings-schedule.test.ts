// The daemon's snapshot schedule on its own, with millisecond intervals: repeats, never overlaps,
// bounds each snapshot by a deadline, turns off at 0, and cancels the one in flight on stop.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EarningsSchedule, type ScheduleDeps } from '../../src/services/earnings-schedule.js';
import { snapshotEvent } from '../../src/core/snapshot-event.js';
import type { OpsEvent } from '../../src/core/watchdog-event.js';

const okEvent = (): OpsEvent => snapshotEvent({ requested: 1, stored: 1, rewards: 0, readFailures: [], sourceFailures: [] }, Date.now(), 1);

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function schedule(overrides: Partial<ScheduleDeps> & Pick<ScheduleDeps, 'take'>) {
  const events: OpsEvent[] = [];
  const logs: string[] = [];
  let interval = 40;
  const s = new EarningsSchedule({
    intervalMs: () => interval,
    deadlineMs: () => 2000,
    record: (e) => events.push(e),
    log: (l) => logs.push(l),
    ...overrides,
  });
  return { s, events, logs, setInterval: (ms: number) => (interval = ms) };
}

describe('earnings schedule', () => {
  test('one snapshot at start, then one every interval', async () => {
    let taken = 0;
    const { s, events } = schedule({ take: async () => (taken++, okEvent()) });
    s.start();
    await until(() => events.length >= 3, 'three snapshots');
    await s.stop(100);
    assert.ok(events.every((e) => e.kind === 'earnings-snapshot' && e.data?.outcome === 'ok'));
    const after = taken;
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(taken, after, 'nothing runs after stop');
  });

  test('a snapshot longer than the interval is never overlapped by the next', async () => {
    let running = 0;
    let most = 0;
    const { s, events } = schedule({
      take: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 150));
        running--;
        return okEvent();
      },
    });
    s.start();
    await until(() => events.length >= 3, 'three snapshots');
    await s.stop(500);
    assert.equal(most, 1);
  });

  test('a snapshot that ignores its deadline is recorded as failed and its signal aborted', async () => {
    let signal: AbortSignal | undefined;
    const { s, events } = schedule({
      deadlineMs: () => 80,
      take: (sig) => {
        signal = sig;
        return new Promise<OpsEvent>(() => {});
      },
    });
    s.start();
    await until(() => events.length >= 1, 'the deadline');
    await s.stop(10);
    assert.equal(events[0].data?.outcome, 'failed');
    assert.match(events[0].detail, /did not finish within 80 ms; nothing of it was stored/);
    assert.equal(signal?.aborted, true);
  });

  test('a snapshot that throws is a failed event, and the next one still comes', async () => {
    let n = 0;
    const { s, events } = schedule({
      take: async () => {
        n++;
        if (n === 1) throw new Error('history is read-only');
        return okEvent();
      },
    });
    s.start();
    await until(() => events.length >= 2, 'two snapshots');
    await s.stop(100);
    assert.equal(events[0].data?.outcome, 'failed');
    assert.match(events[0].detail, /history is read-only/);
    assert.equal(events[1].data?.outcome, 'ok');
  });

  test('stop cancels the snapshot in flight: a cancelled event, and stop returns without waiting out the snapshot', async () => {
    const { s, events } = schedule({
      take: (signal) =>
        new Promise<OpsEvent>((_resolve, reject) => {
          signal.addEventListener('abort', () => setTimeout(() => reject(new Error('aborted')), 20), { once: true });
        }),
    });
    s.start();
    assert.equal(s.busy, true);
    await s.stop(2000);
    assert.equal(s.busy, false);
    assert.equal(events.length, 1);
    assert.equal(events[0].data?.outcome, 'cancelled');
  });

  test('interval 0: none at start; a reload that turns them on plans the next', async () => {
    let taken = 0;
    const t = schedule({ take: async () => (taken++, okEvent()) });
    t.setInterval(0);
    t.s.start();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(taken, 0);
    assert.match(t.logs.join('\n'), /earnings snapshots are off/);
    t.setInterval(30);
    t.s.reschedule();
    await until(() => taken >= 2, 'snapshots after the reload');
    t.setInterval(0);
    await until(() => !t.s.busy, 'the snapshot to end');
    t.s.reschedule();
    const seen = taken;
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(taken <= seen + 1, 'at most the one already planned');
    await t.s.stop(100);
  });
});
