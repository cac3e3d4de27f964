import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import { judgeNetworks } from './judge-networks.js';

export async function run(ctx: CommandContext, _args: string[], options: { eligible?: boolean }): Promise<number> {
  const { verdicts, registry } = await judgeNetworks(ctx);
  const byId = new Map(registry.plugins.map((p) => [p.id, p]));
  const rows = verdicts
    .filter((v) => !options.eligible || v.eligible)
    .map((v) => {
      const plugin = byId.get(v.id)!;
      const m = plugin.definition.manifest;
      return {
        id: v.id,
        name: v.name,
        category: m.category,
        joinKind: m.joinKind,
        tokens: m.tokens.map((t) => ({ symbol: t.symbol, chain: t.chain, legacy: t.legacy ?? false })),
        source: plugin.source,
        eligible: v.eligible,
        verdict: v.verdict,
        reasons: v.reasons,
      };
    });
  if (ctx.output.json) {
    ctx.output.printJson({ networks: rows, disabledPlugins: registry.disabled });
    return 0;
  }
  const p = ctx.output.paintOut;
  const table = rows.map((r) => [
    r.id,
    r.name,
    r.category,
    r.tokens.map((t) => `${t.symbol} (${t.chain}${t.legacy ? ', legacy' : ''})`).join('\n'),
    r.joinKind,
    r.eligible ? p('green', 'eligible') : r.verdict === 'dedicated-hardware' ? p('yellow', 'needs hardware') : p('red', 'not eligible'),
  ]);
  ctx.output.out(await renderTable(['id', 'network', 'category', 'pays in', 'join', 'this machine'], table, { colour: p('bold', 'x') !== 'x' }));
  if (options.eligible && rows.length === 0) ctx.output.err('This machine qualifies for none of the networks; `depin detect` says why.');
  return 0;
}
