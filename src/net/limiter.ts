/** A counting semaphore: at most `limit` tasks run at once; the rest wait in order. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

const perEndpoint = new Map<string, Limiter>();

/** The shared limiter of one endpoint (by origin), so concurrent readers respect one cap. */
export function limiterFor(url: string, limit: number): Limiter {
  const key = `${new URL(url).origin}|${limit}`;
  let limiter = perEndpoint.get(key);
  if (!limiter) {
    limiter = new Limiter(limit);
    perEndpoint.set(key, limiter);
  }
  return limiter;
}
