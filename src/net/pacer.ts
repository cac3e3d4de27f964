/** Time as the pacer sees it; tests pass a fake one. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Spaces requests to one service: at most `callsPerMinute` start in any 60-second window, and none
 * before a time the service asked for (Retry-After). Free API tiers count calls per minute, so a
 * sliding window matches how they refuse.
 */
export interface Pacer {
  /** Waits until another call may start, then counts it as started. */
  take(signal?: AbortSignal): Promise<void>;
  /** No call starts before `untilMs` (a 429's Retry-After). */
  holdUntil(untilMs: number): void;
  /** How long the next `take` would wait now. */
  waitMs(): number;
}

const WINDOW_MS = 60_000;

export function createPacer(callsPerMinute: number, clock: Clock = systemClock): Pacer {
  if (!Number.isInteger(callsPerMinute) || callsPerMinute < 1) throw new RangeError(`calls per minute must be a whole number ≥ 1, got ${callsPerMinute}`);
  const started: number[] = [];
  let heldUntil = 0;
  const waitMs = () => {
    const now = clock.now();
    while (started.length > 0 && started[0] <= now - WINDOW_MS) started.shift();
    const windowWait = started.length >= callsPerMinute ? started[0] + WINDOW_MS - now : 0;
    return Math.max(0, windowWait, heldUntil - now);
  };
  return {
    waitMs,
    holdUntil(untilMs) {
      heldUntil = Math.max(heldUntil, untilMs);
    },
    async take(signal) {
      for (let wait = waitMs(); wait > 0; wait = waitMs()) await clock.sleep(wait, signal);
      started.push(clock.now());
    },
  };
}
