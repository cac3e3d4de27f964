import type { Tagged } from '../plugin-api/types.js';
import { httpJson, type HttpPolicy } from './http-client.js';

/**
 * The `fetchJson` capability the host hands to plugins (RewardContext): JSON through the shared HTTP
 * client, failures as tagged values. The body is JSON-encoded here so plugins pass plain objects.
 * `signal` (the command's deadline) ends every request still in flight or waiting to retry.
 */
export function hostFetchJson(policy: HttpPolicy, signal?: AbortSignal) {
  return async (url: string, init?: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> }): Promise<Tagged<unknown>> => {
    const r = await httpJson(
      url,
      { method: init?.method, headers: init?.headers, body: init?.body === undefined ? undefined : JSON.stringify(init.body), signal },
      policy,
    );
    return r.ok ? { status: 'ok', value: r.value } : { status: r.kind, reason: r.reason };
  };
}
