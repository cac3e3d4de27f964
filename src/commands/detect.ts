import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import { startSpinner } from '../cli/spinner.js';
import { judgeNetworks } from './judge-networks.js';
import { hardwareSummary } from './hardware-summary.js';
import { verdictRows } from './verdict-rows.js';

export async function run(ctx: CommandContext, _args: string[], options: { network?: boolean }): Promise<number> {
  const spinner = await startSpinner('Reading hardware…', { enabled: !ctx.output.json && ctx.output.paint('bold', 'x') !== 'x' });
  let judged;
  try {
    judged = await judgeNetworks(ctx, { network: options.network });
  } finally {
    spinner.stop();
  }
  const { hardware, verdicts, registry } = judged;
  if (ctx.output.json) {
    ctx.output.printJson({
      hardware,
      networks: verdicts.map((v) => ({
        id: v.id,
        name: v.name,
        category: v.category,
        eligible: v.eligible,
        verdict: v.verdict,
        reasons: v.reasons,
        notes: v.notes,
        joinKind: v.joinKind,
      })),
      disabledPlugins: registry.disabled,
    });
    return 0;
  }
  ctx.output.out(hardwareSummary(hardware, ctx.output.paintOut));
  ctx.output.out('');
  ctx.output.out(
    await renderTable(['network', 'verdict', 'why / notes'], verdictRows(verdicts, ctx.output.paintOut), { colour: ctx.output.paintOut('bold', 'x') !== 'x' }),
  );
  const eligible = verdicts.filter((v) => v.eligible).length;
  ctx.output.out(`${eligible} of ${verdicts.length} networks fit this machine.`);
  return 0;
}
