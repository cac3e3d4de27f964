// Marks a network joined in a test's data folder, as a finished `depin join` records it.
import { updateJoined, type JoinedNetwork } from '../../src/store/joined-record.js';
import { resolvePaths } from '../../src/store/paths.js';

export function markJoined(env: NodeJS.ProcessEnv, network: string, resources: JoinedNetwork['resources'] = [], extra: Partial<JoinedNetwork> = {}): void {
  const now = new Date().toISOString();
  updateJoined(resolvePaths(env).data, network, () => ({
    joinedAt: now,
    updatedAt: now,
    complete: true,
    answers: {},
    secrets: [],
    resources,
    applied: [],
    stoppedByUser: false,
    ...extra,
  }));
}
