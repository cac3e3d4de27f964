import { resourceKey } from '../core/resource-key.js';
import { DepinError } from '../domain/errors.js';
import { applyPlan, type PlannedStep } from '../deploy/engine.js';
import { StepFailure, type AdapterTable, type DeployEnv } from '../deploy/types.js';
import type { Resource } from '../plugin-api/resources.js';
import { updateJoined, type JoinedNetwork } from '../store/joined-record.js';

export interface ApplyJoinInput {
  dataDir: string;
  pluginId: string;
  answers: Record<string, string>;
  secretNames: string[];
  resources: Resource[];
  steps: PlannedStep[];
}

/**
 * Records the join before the first change and after each one, so a join killed half way leaves a
 * record that `leave` can undo and a re-run can finish.
 */
export async function applyJoin(input: ApplyJoinInput, adapters: AdapterTable, env: DeployEnv, onStep: (step: PlannedStep) => void): Promise<JoinedNetwork> {
  const now = new Date().toISOString();
  const merge = (current: JoinedNetwork | undefined, patch: Partial<JoinedNetwork>): JoinedNetwork => ({
    joinedAt: current?.joinedAt ?? now,
    updatedAt: now,
    complete: false,
    answers: input.answers,
    secrets: [...new Set([...(current?.secrets ?? []), ...input.secretNames])],
    // Resources of an earlier plan stay recorded until leave, so nothing depin made is forgotten.
    resources: mergeResources(current?.resources ?? [], input.resources),
    applied: current?.applied ?? [],
    stoppedByUser: false,
    ...patch,
  });
  updateJoined(input.dataDir, input.pluginId, (current) =>
    merge(current, { complete: current?.complete === true && input.steps.every((s) => s.action === 'none') }),
  );
  try {
    await applyPlan(input.steps, adapters, env, {
      onStep,
      onApplied: (step) =>
        updateJoined(input.dataDir, input.pluginId, (current) => merge(current, { applied: [...new Set([...(current?.applied ?? []), step.key])] })),
    });
  } catch (error) {
    if (error instanceof StepFailure) {
      const detail = [error.command ? `command: ${error.command}` : '', error.output ? `output:\n${error.output.trim()}` : ''].filter(Boolean).join('\n');
      throw new DepinError('JOIN_STEP_FAILED', `join ${input.pluginId} stopped at "${error.step}": ${error.message}${detail ? `\n${detail}` : ''}`, {
        suggestion: `Fix the cause and run \`depin join ${input.pluginId}\` again to finish (what was made so far is recorded), or \`depin leave ${input.pluginId}\` to remove it.`,
      });
    }
    throw error;
  }
  const done = updateJoined(input.dataDir, input.pluginId, (current) => merge(current, { complete: true }));
  return done!;
}

function mergeResources(previous: Resource[], next: Resource[]): Resource[] {
  const nextKeys = new Set(next.map(resourceKey));
  return [...previous.filter((r) => !nextKeys.has(resourceKey(r))), ...next];
}
