import { resourceKey, resourceLabel } from '../core/resource-key.js';
import type { Resource } from '../plugin-api/resources.js';
import { StepFailure, type AdapterTable, type DeployEnv, type DisplayItem, type Observation, type ResourceAdapter } from './types.js';

export type StepAction = 'create' | 'update' | 'none' | 'by-hand';

export interface PlannedStep {
  key: string;
  label: string;
  resource: Resource;
  observation: Observation;
  action: StepAction;
  /** Exactly what apply runs or writes; empty when nothing changes. */
  display: DisplayItem[];
}

function adapterFor(adapters: AdapterTable, resource: Resource): ResourceAdapter {
  return adapters[resource.kind] as unknown as ResourceAdapter;
}

function actionOf(observation: Observation): StepAction {
  switch (observation.state) {
    case 'absent':
      return 'create';
    case 'differs':
      return 'update';
    case 'matches':
      return 'none';
    case 'not-applicable':
      return 'by-hand';
  }
}

/**
 * Observes every resource and says what applying the plan would change. Observation only reads, so
 * `--dry-run` and the second run of a join can call this freely.
 */
export async function diffPlan(resources: Resource[], adapters: AdapterTable, env: DeployEnv): Promise<PlannedStep[]> {
  const steps: PlannedStep[] = [];
  // In order: a later resource may depend on an earlier one (a folder before the container that mounts it).
  for (const resource of resources) {
    const adapter = adapterFor(adapters, resource);
    const observation = await adapter.observe(resource, env);
    const action = actionOf(observation);
    steps.push({
      key: resourceKey(resource),
      label: resourceLabel(resource),
      resource,
      observation,
      action,
      display: action === 'none' ? [] : adapter.display(resource, observation, env),
    });
  }
  return steps;
}

export interface ApplyHooks {
  onStep(step: PlannedStep): void;
  /** Called after each step that changed something, so a killed run still knows what it made. */
  onApplied(step: PlannedStep): void;
}

/**
 * Gets what the changing steps need from outside (image pulls) before anything on the machine
 * changes: a failure here leaves the machine, and the record of joined networks, as they were.
 */
export async function prepareSteps(steps: PlannedStep[], adapters: AdapterTable, env: DeployEnv): Promise<void> {
  const changing = steps.filter((s) => s.action === 'create' || s.action === 'update');
  for (const step of changing) {
    const adapter = adapterFor(adapters, step.resource);
    if (!adapter.prepare) continue;
    try {
      await adapter.prepare(step.resource, env);
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      throw new StepFailure(step.label, (error as Error)?.message ?? String(error));
    }
  }
}

/**
 * Applies the steps in order and stops at the first failure, naming the step and command. Steps that
 * already match are skipped, so a re-run after a failure or Ctrl-C finishes the job. Call
 * `prepareSteps` first.
 */
export async function applyPlan(steps: PlannedStep[], adapters: AdapterTable, env: DeployEnv, hooks: ApplyHooks): Promise<void> {
  for (const step of steps) {
    if (env.signal.aborted) throw new StepFailure(step.label, 'cancelled before this step');
    if (step.action === 'none' || step.action === 'by-hand') continue;
    hooks.onStep(step);
    const adapter = adapterFor(adapters, step.resource);
    // Observed again right before the change: the earlier look may be stale after the confirmation prompt.
    const observation = await adapter.observe(step.resource, env);
    if (observation.state === 'matches') continue;
    try {
      await adapter.apply(step.resource, observation, env);
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      throw new StepFailure(step.label, (error as Error)?.message ?? String(error));
    }
    hooks.onApplied(step);
  }
}

/** Removes recorded resources in reverse order of creation. Continues past failures and reports them. */
export async function removeResources(
  resources: Resource[],
  adapters: AdapterTable,
  env: DeployEnv,
  options: { purge: boolean },
): Promise<{ done: string[]; failed: { label: string; reason: string }[] }> {
  const done: string[] = [];
  const failed: { label: string; reason: string }[] = [];
  for (const resource of [...resources].reverse()) {
    try {
      const what = await adapterFor(adapters, resource).remove(resource, env, options);
      if (what) done.push(what);
    } catch (error) {
      failed.push({ label: resourceLabel(resource), reason: (error as Error)?.message ?? String(error) });
    }
  }
  return { done, failed };
}
