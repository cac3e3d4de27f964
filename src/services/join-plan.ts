import { DepinError } from '../domain/errors.js';
import type { JoinContext, PreflightCheck } from '../plugin-api/deploy.js';
import { resourceSchema, type Resource } from '../plugin-api/resources.js';
import type { Question } from '../plugin-api/types.js';
import type { LoadedPlugin } from '../plugins-host/index.js';
import { withPluginDeadline } from './plugin-deadline.js';

const PREFLIGHT_TIMEOUT_MS = 60_000;
const PLAN_TIMEOUT_MS = 30_000;

/** Why this plugin cannot join, or undefined when it can. */
export function cannotJoinReason(plugin: LoadedPlugin): string | undefined {
  const d = plugin.definition;
  if (d.manifest.apiVersion < 2) {
    return `the ${plugin.id} plugin was written for plugin API v${d.manifest.apiVersion}, which supports detect and earnings but not join; update the plugin`;
  }
  if (!d.plan) {
    return `joining ${d.manifest.name} is not automated by this version of depin; follow ${d.manifest.homepage} and track your wallet with \`depin wallet add <address> --network ${plugin.id}\``;
  }
  return undefined;
}

/** Answers as a plugin's plan sees them: a secret answer becomes its secret's name, never its value. */
export function planAnswers(questions: Question[], answers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...answers };
  for (const q of questions) if (q.secret && q.key in out) out[q.key] = q.key;
  return out;
}

/** Answers that may be recorded and printed (secrets left out). */
export function publicAnswers(questions: Question[], answers: Record<string, string>): Record<string, string> {
  const secret = new Set(questions.filter((q) => q.secret).map((q) => q.key));
  return Object.fromEntries(Object.entries(answers).filter(([k]) => !secret.has(k)));
}

export async function runPreflight(plugin: LoadedPlugin, ctx: JoinContext, answers: Record<string, string>): Promise<PreflightCheck[]> {
  const preflight = plugin.definition.preflight;
  if (!preflight) return [];
  const outcome = await withPluginDeadline(`${plugin.id} preflight`, PREFLIGHT_TIMEOUT_MS, () => preflight(ctx, answers), ctx.signal);
  if (outcome.status !== 'ok') {
    return [{ id: 'preflight', title: 'preflight checks', status: 'fail', detail: outcome.reason, fix: 'Report this to the plugin author.' }];
  }
  return outcome.value;
}

/** Calls the plugin's plan and checks every resource against the schema (the one source of its types). */
export async function buildPlan(plugin: LoadedPlugin, ctx: JoinContext, answers: Record<string, string>): Promise<Resource[]> {
  const plan = plugin.definition.plan;
  if (!plan) throw new DepinError('CANNOT_JOIN', cannotJoinReason(plugin) ?? `${plugin.id} has no plan`);
  const outcome = await withPluginDeadline(`${plugin.id} plan`, PLAN_TIMEOUT_MS, () => plan(ctx, answers), ctx.signal);
  if (outcome.status !== 'ok') throw new DepinError('PLUGIN_FAILED', outcome.reason, { suggestion: 'Report this to the plugin author.' });
  if (!Array.isArray(outcome.value)) throw new DepinError('PLUGIN_FAILED', `${plugin.id} plan returned no list of resources`);
  return outcome.value.map((raw, i) => {
    const parsed = resourceSchema.safeParse(raw);
    if (!parsed.success) {
      const why = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(resource)'}: ${issue.message}`).join('; ');
      throw new DepinError('PLUGIN_FAILED', `${plugin.id} plan: resource ${i + 1} is invalid (${why})`, { suggestion: 'Report this to the plugin author.' });
    }
    return parsed.data;
  });
}
