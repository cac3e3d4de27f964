import type { CommandContext } from '../cli/context.js';
import { usageError } from '../cli/errors.js';

export async function run(ctx: CommandContext, [network]: string[], options: { follow?: boolean; lines?: string }): Promise<number> {
  const lines = options.lines === undefined ? 100 : Number(options.lines);
  if (!Number.isInteger(lines) || lines < 0 || lines > 100_000) throw usageError(`--lines ${options.lines}: expected a whole number from 0 to 100000`);
  const [{ nodeLogs }, { deployAdapters }, { deployEnv }, { deployHost }] = await Promise.all([
    import('../services/node-control.js'),
    import('../deploy/adapters/index.js'),
    import('../services/join-context.js'),
    import('./deploy-host.js'),
  ]);
  const controller = new AbortController();
  const host = await deployHost(ctx, controller.signal, (line) => ctx.output.err(line));
  await nodeLogs(ctx.paths.data, network, deployAdapters(), deployEnv(network, host), {
    follow: Boolean(options.follow),
    lines,
    onLine: (line) => ctx.output.out(line),
  });
  return 0;
}
