import type { CommandContext } from '../cli/context.js';
import { startSpinner } from '../cli/spinner.js';

export async function run(ctx: CommandContext, [spec]: string[]): Promise<number> {
  const { addPlugin } = await import('../plugins-host/index.js');
  const spinner = await startSpinner(`Installing ${spec}…`, { enabled: ctx.output.paint('bold', 'x') !== 'x' });
  let result;
  try {
    result = await addPlugin(ctx.paths.pluginsDir, spec);
  } finally {
    spinner.stop();
  }
  if (result.ok) {
    ctx.output.err(`installed ${result.name}: network "${result.id}" is now available (see \`depin networks\`)`);
    return 0;
  }
  ctx.output.err(`${ctx.output.paint('red', 'error:')} ${result.name} was installed but is disabled: ${result.reason}`);
  ctx.output.err(`  Remove it with \`depin plugins remove ${result.name}\`.`);
  return 1;
}
