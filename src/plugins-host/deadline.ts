/** What a call into a plugin came to: its value, or why there is none. Never a throw, never a hang. */
export type PluginCall<T> = { status: 'ok'; value: T } | { status: 'failed' | 'timeout'; reason: string };

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].trim() || 'unknown error';
}

/**
 * Runs `work` under a deadline: a throw becomes `failed`, a promise still pending after `timeoutMs`
 * becomes `timeout` (and `onTimeout` runs, to abort what it started), an aborted `signal` makes it
 * `failed: cancelled` at once. The timer is a live handle on
 * purpose: a plugin promise that can never settle leaves Node nothing else to wait for, and Node
 * would end the process (exit 13) instead of carrying on without the plugin.
 */
export async function settleWithin<T>(
  work: () => T | Promise<T>,
  timeoutMs: number,
  options: { onTimeout?: () => void; signal?: AbortSignal } = {},
): Promise<PluginCall<T>> {
  let timer: NodeJS.Timeout | undefined;
  let cancelled: (() => void) | undefined;
  const deadline = new Promise<PluginCall<T>>((resolve) => {
    timer = setTimeout(() => {
      options.onTimeout?.();
      resolve({ status: 'timeout', reason: `did not finish within ${timeoutMs} ms` });
    }, timeoutMs);
    cancelled = () => resolve({ status: 'failed', reason: 'cancelled' });
    if (options.signal?.aborted) cancelled();
    else options.signal?.addEventListener('abort', cancelled, { once: true });
  });
  const attempt = (async (): Promise<PluginCall<T>> => {
    try {
      return { status: 'ok', value: await work() };
    } catch (error) {
      return { status: 'failed', reason: firstLine(error) };
    }
  })();
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
    if (cancelled) options.signal?.removeEventListener('abort', cancelled);
  }
}
