import type { CommandContext } from '../cli/context.js';
import { DepinError, usageError } from '../cli/errors.js';
import { ask } from '../cli/prompt.js';

export async function run(ctx: CommandContext, [network]: string[], options: { purge?: boolean; yes?: boolean }): Promise<number> {
  const [{ leaveNetwork, joinedOrThrow }, { deployAdapters }, { deployEnv }, { deployHost }] = await Promise.all([
    import('../services/leave.js'),
    import('../deploy/adapters/index.js'),
    import('../services/join-context.js'),
    import('./deploy-host.js'),
  ]);
  const out = ctx.output;
  joinedOrThrow(ctx.paths.data, network);
  if (options.purge && !options.yes) {
    if (!ctx.interactive)
      throw usageError(
        '--purge deletes the node data and no terminal is attached to confirm',
        'Pass --yes with --purge, or leave without --purge to keep the data.',
      );
    const answer = await ask(
      [{ key: 'go', message: `Delete ${network}'s node data and forget its secrets? This cannot be undone.`, flag: '--yes', choices: ['no', 'yes'] }],
      { given: {}, yes: false, interactive: true },
    );
    if (answer.go !== 'yes') throw new DepinError('CANCELLED', 'cancelled; nothing was removed', { kind: 'cancelled' });
  }
  const host = await deployHost(ctx, new AbortController().signal, (line) => out.err(line));
  const outcome = await leaveNetwork(ctx.paths.data, network, deployAdapters(), deployEnv(network, host), {
    purge: Boolean(options.purge),
    secrets: host.secrets,
  });
  if (out.json) out.printJson({ network, left: outcome.failed.length === 0, done: outcome.done, failed: outcome.failed, forgotSecrets: outcome.forgotSecrets });
  else {
    for (const line of outcome.done) out.out(line);
    for (const name of outcome.forgotSecrets) out.out(`forgot the secret ${name}`);
    for (const f of outcome.failed) out.err(`${out.paint('red', 'could not remove')} ${f.label}: ${f.reason}`);
    out.out(
      outcome.failed.length === 0 ? `${network}: left.` : `${network}: still recorded as joined; fix the above and run \`depin leave ${network}\` again.`,
    );
  }
  return outcome.failed.length === 0 ? 0 : 1;
}
