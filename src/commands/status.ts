import type { CommandContext } from '../cli/context.js';
import { EXIT } from '../cli/errors.js';
import { renderTable } from '../cli/output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const [{ readJoined }, { loadPlugins }, { healthSweep }, { deployHost }, { formatUptime, needsAttention }] = await Promise.all([
    import('../store/joined-record.js'),
    import('../plugins-host/index.js'),
    import('../services/health-sweep.js'),
    import('./deploy-host.js'),
    import('../core/status-text.js'),
  ]);
  const out = ctx.output;
  const joined = readJoined(ctx.paths.data).networks;
  const ids = Object.keys(joined);
  if (ids.length === 0) {
    if (out.json) out.printJson({ nodes: [] });
    else out.err('No network is joined on this machine. Run `depin networks --eligible`, then `depin join <network>`.');
    return 0;
  }
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true, only: ids });
  const host = await deployHost(ctx, new AbortController().signal, () => undefined);
  const nodes = await healthSweep(joined, registry.plugins, host);
  const attention = nodes.filter(needsAttention);
  if (out.json) {
    out.printJson({ nodes: nodes.map((n) => ({ ...n, needsAttention: needsAttention(n) })) });
  } else {
    const paintState = (state: string, bad: boolean) => out.paintOut(state === 'running' ? 'green' : bad ? 'red' : 'yellow', state);
    const rows = nodes.map((n) => [
      n.network,
      paintState(n.stoppedByUser && n.state === 'stopped' ? 'stopped (by you)' : n.state, needsAttention(n)),
      formatUptime(n.uptimeSeconds),
      n.version ?? '',
      [n.nodeId ? `node ${n.nodeId}` : '', ...n.details].filter(Boolean).join('\n'),
    ]);
    out.out(await renderTable(['network', 'state', 'uptime', 'version', 'details'], rows, { colour: out.paintOut('bold', 'x') !== 'x' }));
  }
  if (attention.length > 0) {
    out.err(`${attention.length} node${attention.length === 1 ? '' : 's'} need attention: ${attention.map((n) => n.network).join(', ')}`);
    return EXIT.partial;
  }
  return 0;
}
