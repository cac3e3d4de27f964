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
  if (ctx.output.json) {
    // Installed but unusable is still a failure (exit 1); the document says what is there and why.
    ctx.output.printJson(
      result.ok
        ? { plugin: { name: result.name, id: result.id, status: 'enabled', reason: null } }
        : { plugin: { name: result.name, id: null, status: 'disabled', reason: result.reason } },
    );
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    ctx.output.err(`installed ${result.name}: network "${result.id}" is now available (see \`depin networks\`)`);
    return 0;
  }
  ctx.output.err(`${ctx.output.paint('red', 'error:')} ${result.name} was installed but is disabled: ${result.reason}`);
  ctx.output.err(`  Remove it with \`depin plugins remove ${result.name}\`.`);
  return 1;
}
