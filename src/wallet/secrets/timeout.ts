/** Raised when a keychain call does not answer in time. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Races a promise against a timer, for keytar calls that can block without a Secret Service. The
 * timer stays ref'd: an unsettled call that holds nothing open must still end in a rejection,
 * not in the process running out of work mid-await. It is cleared as soon as the race settles.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
