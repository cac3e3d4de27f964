import type { CommandContext } from '../cli/context.js';
import type { ControlAction } from '../services/node-control.js';

async function control(ctx: CommandContext, network: string, action: ControlAction): Promise<number> {
  const [{ controlNode }, { deployAdapters }, { deployEnv }, { deployHost }] = await Promise.all([
    import('../services/node-control.js'),
    import('../deploy/adapters/index.js'),
    import('../services/join-context.js'),
    import('./deploy-host.js'),
  ]);
  const host = await deployHost(ctx, new AbortController().signal, (line) => ctx.output.err(line));
  const done = await controlNode(ctx.paths.data, network, action, deployAdapters(), deployEnv(network, host));
  if (ctx.output.json) ctx.output.printJson({ network, action, done });
  else for (const line of done) ctx.output.out(line);
  return 0;
}

export const start = { run: (ctx: CommandContext, [network]: string[]) => control(ctx, network, 'start') };
export const stop = { run: (ctx: CommandContext, [network]: string[]) => control(ctx, network, 'stop') };
export const restart = { run: (ctx: CommandContext, [network]: string[]) => control(ctx, network, 'restart') };
