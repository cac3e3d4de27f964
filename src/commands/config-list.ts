import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';
import { displayValue } from '../store/config-keys.js';

export async function run(ctx: CommandContext): Promise<number> {
  // Plugins' settings are config keys too. Passwords and keys inside endpoint URLs are masked;
  // `config get` prints one value as stored, for scripts.
  const { loadPlugins } = await import('../plugins-host/index.js');
  await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const entries = ctx.config().list();
  if (ctx.output.json) {
    ctx.output.printJson({
      file: ctx.paths.configFile,
      keys: entries.map((e) => ({ ...e, value: typeof e.value === 'string' ? displayValue(e.key, e.value) : (e.value ?? null) })),
    });
    return 0;
  }
  const rows = entries.map((e) => [
    e.key,
    e.value === undefined ? '' : displayValue(e.key, e.value),
    e.source === 'env' ? `env ${e.env}` : e.source,
    e.description,
  ]);
  ctx.output.out(await renderTable(['key', 'value', 'from', 'meaning'], rows, { colour: ctx.output.paintOut('bold', 'x') !== 'x' }));
  ctx.output.err(`config file: ${ctx.paths.configFile}`);
  return 0;
}
