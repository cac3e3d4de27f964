import type { CommandContext } from '../cli/context.js';
import { DepinError, usageError } from '../cli/errors.js';
import { ask } from '../cli/prompt.js';
import { startSpinner } from '../cli/spinner.js';
import type { PreflightCheck } from '../plugin-api/deploy.js';

interface JoinOptions {
  dryRun?: boolean;
  yes?: boolean;
  force?: boolean;
  set?: string[];
}

function checkLines(checks: PreflightCheck[]): string[] {
  const mark = { pass: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  return checks.flatMap((c) => [`  ${mark[c.status]} ${c.title}: ${c.detail}`, ...(c.status !== 'pass' && c.fix ? [`       fix: ${c.fix}`] : [])]);
}

export async function run(ctx: CommandContext, [network]: string[], options: JoinOptions): Promise<number> {
  const [{ loadPlugins, findPlugin }, { collectHardware }, { evaluateEligibility }, { parseSetFlags }, services, engine, { planLines, planSummary }] =
    await Promise.all([
      import('../plugins-host/index.js'),
      import('../hardware/index.js'),
      import('../core/eligibility.js'),
      import('../core/set-flags.js'),
      import('../services/join.js'),
      import('../deploy/engine.js'),
      import('../core/plan-text.js'),
    ]);
  const out = ctx.output;
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const plugin = findPlugin(registry, network);
  const cannot = services.cannotJoinReason(plugin);
  if (cannot) throw new DepinError('CANNOT_JOIN', cannot);
  const questions = plugin.definition.questions ?? [];
  const sets = parseSetFlags(
    options.set,
    questions.map((q) => q.key),
  );
  if (!sets.ok) throw usageError(sets.problem, `Run \`depin join ${plugin.id} --dry-run\` to be asked, or see README for ${plugin.id}'s keys.`);

  const hardware = await collectHardware({});
  const verdict = evaluateEligibility(plugin.definition, hardware);
  if (verdict.verdict === 'not-eligible') {
    if (!options.force) {
      throw new DepinError('NOT_ELIGIBLE', `this machine does not qualify for ${plugin.definition.manifest.name}: ${verdict.reasons.join('; ')}`, {
        kind: 'not-eligible',
        suggestion: `Pass --force to join anyway (the network may refuse or underpay the node).`,
      });
    }
    out.warn(`joining although this machine does not qualify: ${verdict.reasons.join('; ')}`);
  }

  // Ctrl-C ends the process at once (src/cli/main.ts); the record written after every step lets a re-run finish.
  const controller = new AbortController();
  const plainProgress = !process.stderr.isTTY || out.json;
  const host = await (await import('./deploy-host.js')).deployHost(ctx, controller.signal, (line) => (plainProgress && !out.json ? out.err(line) : undefined));
  {
    const recorded = services.recordedJoin(ctx.paths.data, plugin.id);
    const store = questions.some((q) => q.secret) ? await host.secrets() : undefined;
    const given: Record<string, string | undefined> = { ...recorded?.answers, ...sets.values };
    // A secret stored by an earlier join is not asked again; its value never leaves the store.
    const keptSecrets = new Set<string>();
    for (const q of questions.filter((q) => q.secret && given[q.key] === undefined)) {
      if (store && (await store.get(services.scopedSecretKey(plugin.id, q.key))) !== undefined) keptSecrets.add(q.key);
    }
    const answers = await ask(
      questions.filter((q) => !keptSecrets.has(q.key)),
      { given, yes: Boolean(options.yes), interactive: ctx.interactive },
    );
    for (const key of keptSecrets) answers[key] = '';
    const prepared = await services.prepareJoin(plugin, host, hardware, answers, keptSecrets);
    const failed = prepared.checks.filter((c) => c.status === 'fail');
    const printed = prepared.steps.map((s) => ({
      action: s.action,
      label: s.label,
      differences: s.observation.state === 'differs' ? s.observation.differences : undefined,
      display: s.display,
    }));
    if (!out.json) {
      if (prepared.checks.length > 0) out.err(['Preflight:', ...checkLines(prepared.checks)].join('\n'));
    }
    if (failed.length > 0) {
      if (out.json) out.printJson({ network: plugin.id, ok: false, preflight: prepared.checks });
      throw new DepinError('PREFLIGHT_FAILED', `preflight for ${plugin.id} failed: ${failed.map((c) => c.title).join(', ')}`, {
        suggestion: failed.map((c) => c.fix ?? c.detail).join(' · '),
      });
    }
    const changes = prepared.steps.filter((s) => s.action === 'create' || s.action === 'update');
    if (options.dryRun) {
      if (out.json) out.printJson({ network: plugin.id, dryRun: true, preflight: prepared.checks, answers: prepared.publicAnswers, steps: printed });
      else out.out([`Plan for ${plugin.definition.manifest.name} (${planSummary(printed)}); nothing was changed:`, ...planLines(printed)].join('\n'));
      return 0;
    }
    if (!out.json) out.err([`Plan for ${plugin.definition.manifest.name} (${planSummary(printed)}):`, ...planLines(printed)].join('\n'));
    if (changes.length > 0 && !options.yes) {
      if (!ctx.interactive)
        throw usageError(
          `join ${plugin.id} changes this machine and no terminal is attached to confirm`,
          'Pass --yes to apply the plan above (see it first with --dry-run).',
        );
      const confirm = await ask([{ key: 'go', message: 'Apply this plan?', flag: '--yes', choices: ['yes', 'no'] }], {
        given: {},
        yes: false,
        interactive: true,
      });
      if (confirm.go !== 'yes') throw new DepinError('CANCELLED', 'cancelled; nothing was changed', { kind: 'cancelled' });
    }
    const spinner = await startSpinner(`joining ${plugin.id}`, { enabled: !out.json && !plainProgress });
    let joined;
    try {
      joined = await services.applyPreparedJoin(plugin, host, prepared, (step) => {
        spinner.update(`${step.label}`);
        if (plainProgress && !out.json) out.err(`… ${step.label}`);
      });
    } catch (error) {
      spinner.fail(`join ${plugin.id} stopped`);
      throw error;
    }
    spinner.stop();
    // A device is hardware depin now tracks; only manual steps are left to the person.
    const byHand = prepared.steps.filter((s) => s.action === 'by-hand' && s.resource.kind === 'manual');
    if (out.json) {
      out.printJson({
        network: plugin.id,
        changed: changes.map((s) => s.label),
        unchanged: changes.length === 0,
        byHand: byHand.map((s) => s.label),
        record: { joinedAt: joined.joinedAt, complete: joined.complete },
      });
    } else {
      out.out(
        changes.length === 0
          ? `${plugin.id}: nothing to change; it is joined as planned.`
          : `${plugin.id}: joined (${changes.length} change${changes.length === 1 ? '' : 's'}).`,
      );
      if (byHand.length > 0)
        out.out(['Left for you to do:', ...planLines(byHand.map((s) => ({ action: s.action, label: s.label, display: s.display })))].join('\n'));
      out.out(`Check it with \`depin status\`.`);
    }
    return 0;
  }
}
