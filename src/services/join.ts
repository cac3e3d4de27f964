import type { HardwareProfile } from '../plugin-api/types.js';
import type { PreflightCheck } from '../plugin-api/deploy.js';
import type { Resource } from '../plugin-api/resources.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import { diffPlan, type PlannedStep } from '../deploy/engine.js';
import { deployAdapters } from '../deploy/adapters/index.js';
import { readJoined, type JoinedNetwork } from '../store/joined-record.js';
import { applyJoin, prepareJoinSteps } from './join-apply.js';
import { deployEnv, joinContext, scopedSecretKey, type DeployHost } from './join-context.js';
import { buildPlan, cannotJoinReason, planAnswers, publicAnswers, runPreflight } from './join-plan.js';

export { cannotJoinReason, scopedSecretKey };

export function recordedJoin(dataDir: string, pluginId: string): JoinedNetwork | undefined {
  return readJoined(dataDir).networks[pluginId];
}

export interface PreparedJoin {
  checks: PreflightCheck[];
  resources: Resource[];
  steps: PlannedStep[];
  publicAnswers: Record<string, string>;
  /** Secret answers given now, stored only when the plan is applied. */
  pendingSecrets: Record<string, string>;
  secretNames: string[];
}

/**
 * Preflight, plan and diff: everything `--dry-run` shows. Changes nothing: secret answers stay in
 * memory until the plan is applied.
 */
export async function prepareJoin(
  plugin: LoadedPlugin,
  host: DeployHost,
  hardware: HardwareProfile,
  answers: Record<string, string>,
  keptSecrets: Set<string>,
): Promise<PreparedJoin> {
  const questions = plugin.definition.questions ?? [];
  const secretQuestions = questions.filter((q) => q.secret);
  const pendingSecrets = Object.fromEntries(secretQuestions.filter((q) => !keptSecrets.has(q.key) && answers[q.key]).map((q) => [q.key, answers[q.key]]));
  const ctx = joinContext(plugin.id, host, hardware);
  const visible = publicAnswers(questions, answers);
  const checks = await runPreflight(plugin, ctx, visible);
  if (checks.some((c) => c.status === 'fail')) {
    return { checks, resources: [], steps: [], publicAnswers: visible, pendingSecrets, secretNames: [] };
  }
  const resources = await buildPlan(plugin, ctx, planAnswers(questions, answers));
  const env = withPendingSecrets(deployEnv(plugin.id, host), pendingSecrets);
  const steps = await markSecretsToStore(await diffPlan(resources, deployAdapters(), env), pendingSecrets, deployEnv(plugin.id, host));
  return { checks, resources, steps, publicAnswers: visible, pendingSecrets, secretNames: secretQuestions.map((q) => q.key) };
}

/**
 * A secret given now is stored when the plan is applied: unless the store already holds that value,
 * its step is a change, so a dry run never shows a secret it has yet to store as unchanged.
 */
async function markSecretsToStore(steps: PlannedStep[], pending: Record<string, string>, env: ReturnType<typeof deployEnv>): Promise<PlannedStep[]> {
  const out: PlannedStep[] = [];
  for (const step of steps) {
    const r = step.resource;
    if (r.kind !== 'secret' || pending[r.name] === undefined || (await env.secret(r.name).catch(() => undefined)) === pending[r.name]) {
      out.push(step);
      continue;
    }
    const observation = { state: 'absent' } as const;
    out.push({ ...step, observation, action: 'create', display: deployAdapters().secret.display(r, observation, env) });
  }
  return out;
}

function withPendingSecrets(env: ReturnType<typeof deployEnv>, pending: Record<string, string>): ReturnType<typeof deployEnv> {
  return { ...env, secret: async (name) => pending[name] ?? (await env.secret(name)) };
}

/** Gets the images, stores the new secrets, then applies the plan, recording progress as it goes. */
export async function applyPreparedJoin(
  plugin: LoadedPlugin,
  host: DeployHost,
  prepared: PreparedJoin,
  onStep: (step: PlannedStep) => void,
): Promise<JoinedNetwork> {
  await prepareJoinSteps(plugin.id, prepared.steps, deployAdapters(), deployEnv(plugin.id, host));
  if (Object.keys(prepared.pendingSecrets).length > 0) {
    const store = await host.secrets();
    for (const [name, value] of Object.entries(prepared.pendingSecrets)) await store.set(scopedSecretKey(plugin.id, name), value);
  }
  return applyJoin(
    {
      dataDir: host.dataDir,
      pluginId: plugin.id,
      answers: prepared.publicAnswers,
      secretNames: prepared.secretNames,
      resources: prepared.resources,
      steps: prepared.steps,
    },
    deployAdapters(),
    deployEnv(plugin.id, host),
    onStep,
  );
}
