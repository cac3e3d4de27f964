import { resourceKey } from '../core/resource-key.js';
import { DepinError } from '../domain/errors.js';
import { applyPlan, prepareSteps, type PlannedStep } from '../deploy/engine.js';
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

function stepFailed(pluginId: string, error: StepFailure, suggestion: string): DepinError {
  const detail = [error.command ? `command: ${error.command}` : '', error.output ? `output:\n${error.output.trim()}` : ''].filter(Boolean).join('\n');
  return new DepinError('JOIN_STEP_FAILED', `join ${pluginId} stopped at "${error.step}": ${error.message}${detail ? `\n${detail}` : ''}`, { suggestion });
}

/**
 * Gets what the plan needs from outside (images) before anything changes: when that fails, nothing on
 * the machine, in the secret store or in the record of joined networks has changed.
 */
export async function prepareJoinSteps(pluginId: string, steps: PlannedStep[], adapters: AdapterTable, env: DeployEnv): Promise<void> {
  try {
    await prepareSteps(steps, adapters, env);
  } catch (error) {
    if (error instanceof StepFailure) throw stepFailed(pluginId, error, `Nothing was changed. Fix the cause and run \`depin join ${pluginId}\` again.`);
    throw error;
  }
}

/**
 * Records the join before the first change and after each one, so a join killed half way leaves a
 * record that `leave` can undo and a re-run can finish. Call `prepareJoinSteps` first.
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
      throw stepFailed(
        input.pluginId,
        error,
        `Fix the cause and run \`depin join ${input.pluginId}\` again to finish (what was made so far is recorded), or \`depin leave ${input.pluginId}\` to remove it.`,
      );
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
