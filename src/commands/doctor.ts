import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import { runChecks, type Check } from './doctor-checks.js';

const MARK: Record<Check['status'], { text: string; colour: 'green' | 'yellow' | 'red' }> = {
  ok: { text: 'ok', colour: 'green' },
  warn: { text: 'warn', colour: 'yellow' },
  fail: { text: 'FAIL', colour: 'red' },
};

export async function run(ctx: CommandContext): Promise<number> {
  const checks = await runChecks(ctx);
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (ctx.output.json) {
    ctx.output.printJson({ ok: failed === 0, checks });
    return failed ? 1 : 0;
  }
  const p = ctx.output.paintOut;
  const rows = checks.map((c) => [c.name, p(MARK[c.status].colour, MARK[c.status].text), c.fix ? `${c.detail}\nfix: ${c.fix}` : c.detail]);
  ctx.output.out(await renderTable(['check', 'status', 'detail'], rows, { colour: p('bold', 'x') !== 'x' }));
  ctx.output.out(failed ? `${failed} problem${failed > 1 ? 's' : ''} found.` : 'Everything depin needs is in place.');
  return failed ? 1 : 0;
}
