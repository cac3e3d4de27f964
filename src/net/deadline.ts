import { DEFAULT_POLICY } from './http-client.js';

/** Slack on top of the worst case of one request: parsing, the database write, starting readers. */
export const DEADLINE_GRACE_MS = 1_000;

/**
 * The longest one request can take under the client's policy: every attempt running into the
 * timeout, plus the backoff waits between them (each at most maxDelayMs).
 */
export function requestBoundMs(timeoutMs: number, retries: number): number {
  let backoff = 0;
  for (let attempt = 0; attempt < retries; attempt++) backoff += Math.min(DEFAULT_POLICY.maxDelayMs, DEFAULT_POLICY.baseDelayMs * 2 ** attempt);
  return timeoutMs * (retries + 1) + backoff;
}

/**
 * The one deadline of a command that reads the network (chains, prices and reward sources at once):
 * `timeoutMs × (retries + 1) + Σ_{i<retries} min(8000, 250 × 2^i) + 1000` ms. With the defaults
 * (10 s, 3 retries) that is 10 000 × 4 + 250 + 500 + 1000 + 1000 = 42 750 ms. What has not answered
 * by then is reported as unread.
 */
export function commandDeadlineMs(timeoutMs: number, retries: number): number {
  return requestBoundMs(timeoutMs, retries) + DEADLINE_GRACE_MS;
}
