import type { CommandContext } from '../cli/context.js';
import { EXIT, usageError } from '../cli/errors.js';
import { renderTable } from '../cli/output.js';
import type { NodeHealth } from '../services/health-sweep.js';
import type { NodeEarnings } from '../core/status-earnings.js';
import type { GpuFigures } from '../core/status-text.js';

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval?: string;
}

export async function run(ctx: CommandContext, _args: string[], options: StatusOptions = {}): Promise<number> {
  const [
    { readJoined },
    { loadPlugins },
    { healthSweep },
    { deployHost },
    { formatUptime, needsAttention, gpuTableRows, GPU_TABLE_HEAD },
    { parseInterval },
    { withEarnings },
    { earnedText },
    { readStatusGpus },
  ] = await Promise.all([
    import('../store/joined-record.js'),
    import('../plugins-host/index.js'),
    import('../services/health-sweep.js'),
    import('./deploy-host.js'),
    import('../core/status-text.js'),
    import('../core/watchdog-duration.js'),
    import('../services/status-earnings.js'),
    import('../core/status-earnings.js'),
    import('../services/status-gpus.js'),
  ]);
  const out = ctx.output;
  if (options.watch && out.json)
    throw usageError('--watch and --json cannot be used together', 'Use --json alone for one document, or the daemon’s /status endpoint.');
  const intervalMs = options.watch ? parseInterval('--interval', options.interval ?? '10s') : 0;

  const sweep = async (): Promise<(NodeHealth & NodeEarnings)[]> => {
    const joined = readJoined(ctx.paths.data).networks;
    const ids = Object.keys(joined);
    if (ids.length === 0) return [];
    const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true, only: ids });
    const host = await deployHost(ctx, new AbortController().signal, () => undefined);
    return withEarnings(await healthSweep(joined, registry.plugins, host), joined, ctx.paths, host.config);
  };
  const table = async (nodes: (NodeHealth & NodeEarnings)[]) => {
    const paintState = (state: string, bad: boolean) => out.paintOut(state === 'running' ? 'green' : bad ? 'red' : 'yellow', state);
    const rows = nodes.map((n) => [
      n.network,
      paintState(n.stoppedByUser && n.state === 'stopped' ? 'stopped (by you)' : n.state, needsAttention(n)),
      formatUptime(n.uptimeSeconds),
      n.version ?? '',
      String(n.restarts24h),
      n.payoutWallets.map((w) => (w.address.length > 16 ? `${w.address.slice(0, 6)}…${w.address.slice(-4)}` : w.address)).join('\n'),
      earnedText(n.earnings24h),
      [n.nodeId ? `node ${n.nodeId}` : '', ...n.details].filter(Boolean).join('\n'),
    ]);
    return renderTable(['network', 'state', 'uptime', 'version', 'restarts 24h', 'wallet', 'earned 24h', 'details'], rows, {
      colour: out.paintOut('bold', 'x') !== 'x',
    });
  };
  // GPUs are sampled beside the health checks, and each sample is kept for `earnings --net`.
  const gpuSample = async () => {
    const { gpus, problem } = await readStatusGpus(ctx.paths.dbFile, ctx.env);
    if (problem) out.warn(`GPUs: ${problem}`);
    return gpus;
  };
  const gpuTable = async (gpus: GpuFigures[]) =>
    gpus.length === 0 ? '' : `\n${await renderTable(GPU_TABLE_HEAD, gpuTableRows(gpus), { colour: out.paintOut('bold', 'x') !== 'x' })}`;
  const none = 'No network is joined on this machine. Run `depin networks --eligible`, then `depin join <network>`.';

  if (options.watch) {
    const tty = process.stdout.isTTY === true;
    for (;;) {
      const [nodes, gpus] = await Promise.all([sweep(), gpuSample()]);
      const at = new Date().toISOString().replace('T', ' ').slice(0, 19);
      if (tty) {
        // Cursor home and clear, so the table redraws in place.
        const body = (nodes.length === 0 ? none : await table(nodes)) + (await gpuTable(gpus));
        process.stdout.write(`\u001b[H\u001b[2J${at} UTC · every ${intervalMs / 1000} s · Ctrl-C to stop\n${body}\n`);
      } else if (nodes.length === 0) {
        out.out(`${at} no network joined`);
      } else {
        for (const n of nodes)
          out.out(`${at} ${n.network} ${n.stoppedByUser && n.state === 'stopped' ? 'stopped-by-you' : n.state} ${n.details[0] ?? ''}`.trimEnd());
      }
      if (!tty) for (const row of gpuTableRows(gpus)) out.out(`${at} gpu ${row.join(' · ')}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  const [nodes, gpus] = await Promise.all([sweep(), gpuSample()]);
  if (nodes.length === 0) {
    if (out.json) out.printJson({ nodes: [], gpus });
    else {
      out.err(none);
      if (gpus.length > 0) out.out((await gpuTable(gpus)).trimStart());
    }
    return 0;
  }
  const attention = nodes.filter(needsAttention);
  if (out.json) out.printJson({ nodes: nodes.map((n) => ({ ...n, needsAttention: needsAttention(n) })), gpus });
  else out.out((await table(nodes)) + (await gpuTable(gpus)));
  if (attention.length > 0) {
    out.err(`${attention.length} node${attention.length === 1 ? '' : 's'} need attention: ${attention.map((n) => n.network).join(', ')}`);
    return EXIT.partial;
  }
  return 0;
}
