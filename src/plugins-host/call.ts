import type { PluginContext } from '../plugin-api/index.js';
import { createPluginContext, type PluginHost } from './context.js';
import type { LoadedPlugin } from './types.js';
import { settleWithin, type PluginCall } from './deadline.js';

export type { PluginCall } from './deadline.js';

export interface CallOptions {
  timeoutMs: number;
  /** The command's own cancellation (Ctrl-C, an overall deadline): aborts the plugin's signal too. */
  signal?: AbortSignal;
}

/**
 * The one way into a plugin: builds its context, runs `invoke` with a deadline, and turns a throw, a
 * hang or a cancellation into a value naming the plugin and what was asked (`label`, e.g.
 * `rewards:storj-estimated-payout`). On timeout the context's signal aborts, so the plugin's HTTP
 * and chain reads stop; whatever the plugin keeps running after that is ignored.
 */
export async function callPlugin<T>(
  host: PluginHost,
  plugin: LoadedPlugin,
  label: string,
  invoke: (ctx: PluginContext, signal: AbortSignal) => T | Promise<T>,
  options: CallOptions,
): Promise<PluginCall<T>> {
  const what = `plugin ${plugin.id} (${label})`;
  if (options.signal?.aborted) return { status: 'failed', reason: `${what}: cancelled` };
  const controller = new AbortController();
  const cancel = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const result = await settleWithin(() => invoke(createPluginContext(plugin, host, controller.signal), controller.signal), options.timeoutMs, {
      onTimeout: () => controller.abort(new Error(`${what} timed out`)),
      signal: options.signal,
    });
    if (result.status === 'ok') return result;
    return { status: result.status, reason: `${what}: ${result.status === 'failed' ? 'failed: ' : ''}${result.reason}` };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * A deadline for a plugin call that makes up to `requests` HTTP requests one after another under
 * `policy`: each may use every attempt to its timeout and the longest wait between attempts.
 */
export function callTimeoutFor(policy: { timeoutMs: number; retries: number; maxDelayMs: number }, requests = 4): number {
  const oneRequest = policy.timeoutMs * (policy.retries + 1) + policy.maxDelayMs * policy.retries;
  return requests * oneRequest;
}
