/**
 * Runs one call into a plugin with a deadline. A throw or a hang becomes a value, and the signal the
 * plugin was handed is aborted, so one stuck plugin cannot hang a command or the daemon.
 */
export type PluginCallOutcome<T> = { status: 'ok'; value: T } | { status: 'failed' | 'timeout'; reason: string };

export async function withPluginDeadline<T>(
  label: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T> | T,
  parent?: AbortSignal,
): Promise<PluginCallOutcome<T>> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<PluginCallOutcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`${label} timed out`));
      resolve({ status: 'timeout', reason: `${label} did not finish within ${Math.round(timeoutMs / 100) / 10} s` });
    }, timeoutMs);
    timer.unref();
  });
  const run = (async (): Promise<PluginCallOutcome<T>> => {
    try {
      return { status: 'ok', value: await call(controller.signal) };
    } catch (error) {
      return { status: 'failed', reason: `${label} failed: ${(error as Error)?.message ?? String(error)}` };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
