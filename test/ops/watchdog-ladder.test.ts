// The watchdog ladder as a pure state machine: restart after N failed checks, back off, give up and
// alert once after M restarts, one "recovered" after a stable period, never act on a node stopped by the person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INITIAL_WATCH, observe, type HealthState, type WatchAction, type WatchdogPolicy, type WatchState } from '../../src/core/watchdog.js';
import { alertFor, displayUrl, redact, withinRateLimit } from '../../src/core/alert-policy.js';
import { parseInterval, parseListen, isLoopback } from '../../src/core/watchdog-duration.js';

const policy: WatchdogPolicy = { failuresBeforeRestart: 2, maxRestarts: 3, backoffBaseMs: 1000, backoffMaxMs: 3000, recoveryChecks: 2 };

function run(states: (HealthState | [HealthState, { stoppedByUser?: boolean; canRestart?: boolean }])[], stepMs = 1000) {
  let watch: WatchState = INITIAL_WATCH;
  const log: WatchAction[][] = [];
  states.forEach((s, i) => {
    const [state, extra] = Array.isArray(s) ? s : [s, {}];
    const r = observe(watch, { at: i * stepMs, state, stoppedByUser: extra.stoppedByUser ?? false, canRestart: extra.canRestart ?? true }, policy);
    watch = r.next;
    log.push(r.actions.filter((a) => a.kind !== 'transition'));
  });
  return { watch, log, flat: log.flat() };
}

test('a node restarts after N failed checks, and only then', () => {
  const { log } = run(['running', 'stopped', 'stopped']);
  assert.deepEqual(log[1], []);
  assert.equal(log[2][0].kind, 'restart');
  assert.equal((log[2][0] as { attempt: number }).attempt, 1);
});

test('restarts back off exponentially up to the cap, then the watchdog gives up and alerts once', () => {
  const { flat } = run(Array(30).fill('stopped'));
  const restarts = flat.filter((a) => a.kind === 'restart') as { nextNotBefore: number; attempt: number }[];
  assert.equal(restarts.length, 3);
  assert.deepEqual(
    restarts.map((r) => r.attempt),
    [1, 2, 3],
  );
  const gaps = restarts.map((r) => r.nextNotBefore);
  assert.ok(gaps[1] - gaps[0] >= 2000 && gaps[2] - gaps[1] >= 3000, `backoff grows: ${gaps}`);
  assert.equal(flat.filter((a) => a.kind === 'give-up').length, 1);
  assert.deepEqual(
    flat.filter((a) => a.kind === 'alert'),
    [{ kind: 'alert', alert: 'down' }],
  );
});

test('a flapping node is one incident: one alert, then one recovered after a stable period', () => {
  const flapping: HealthState[] = [];
  for (let i = 0; i < 12; i++) flapping.push('stopped', 'stopped', 'running');
  const { flat, watch } = run([...flapping, 'running', 'running', 'running']);
  const alerts = flat.filter((a) => a.kind === 'alert').map((a) => (a as { alert: string }).alert);
  assert.deepEqual(alerts, ['down', 'recovered']);
  assert.equal(watch.restarts, 0);
  assert.equal(watch.alerted, false);
});

test('a node stopped by the person is never restarted nor alerted', () => {
  const { flat } = run(Array(20).fill(['stopped', { stoppedByUser: true }]));
  assert.deepEqual(flat, []);
});

test('a node depin cannot restart is alerted once after N checks', () => {
  const { flat } = run(Array(10).fill(['unreachable', { canRestart: false }]));
  assert.deepEqual(
    flat.map((a) => a.kind),
    ['give-up', 'alert'],
  );
});

test('maxRestarts 0 never restarts', () => {
  let watch = INITIAL_WATCH;
  const kinds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = observe(watch, { at: i, state: 'stopped', stoppedByUser: false, canRestart: true }, { ...policy, maxRestarts: 0 });
    watch = r.next;
    kinds.push(...r.actions.map((a) => a.kind));
  }
  assert.ok(!kinds.includes('restart'));
  assert.equal(kinds.filter((k) => k === 'alert').length, 1);
});

test('transitions are reported once per change', () => {
  let watch = INITIAL_WATCH;
  const transitions: string[] = [];
  for (const state of ['running', 'running', 'degraded', 'degraded', 'running'] as HealthState[]) {
    const r = observe(watch, { at: 0, state, stoppedByUser: false, canRestart: true }, { ...policy, failuresBeforeRestart: 10 });
    watch = r.next;
    for (const a of r.actions) if (a.kind === 'transition') transitions.push(`${a.from ?? '-'}>${a.to}`);
  }
  assert.deepEqual(transitions, ['->running', 'running>degraded', 'degraded>running']);
});

test('alert texts, rate limit and redaction', () => {
  const a = alertFor('down', 0, 'box', { network: 'storj', name: 'Storj', state: 'stopped', detail: 'container exited', restarts: 3, reason: 'max-restarts' });
  assert.match(a.title, /Storj is stopped on box/);
  assert.match(a.message, /restarted it 3 times and gave up/);
  assert.equal(withinRateLimit([1, 2], 10, 2), false);
  assert.equal(withinRateLimit([1, 2], 3_600_002, 2), true);
  assert.equal(redact('bad token s3cr3t-token here', ['s3cr3t-token']), 'bad token [redacted] here');
  assert.equal(displayUrl('https://user:pw@ntfy.sh/topic?auth=abc'), 'https://ntfy.sh/topic?…');
});

test('interval and listen parsing reject bad input with the accepted forms', () => {
  assert.equal(parseInterval('--interval', '30s'), 30_000);
  assert.equal(parseInterval('--interval', '2m'), 120_000);
  for (const bad of ['0s', '30', '-1s', '2d', '', '1.5s']) assert.throws(() => parseInterval('--interval', bad), /not an interval between 1s and 24h/);
  assert.deepEqual(parseListen('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(parseListen('[::1]:80'), { host: '::1', port: 80 });
  for (const bad of ['9464', 'host:99999', ':80', 'a b:1']) assert.throws(() => parseListen(bad), /not host:port/);
  assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && !isLoopback('0.0.0.0') && !isLoopback('10.0.0.1'));
});
