import type { CommandContext } from '../cli/context.js';
import { renderTable } from '../cli/output.js';

export async function run(ctx: CommandContext): Promise<number> {
  const { loadPlugins } = await import('../plugins-host/index.js');
  const registry = await loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  const rows = [
    ...registry.plugins.map((p) => ({
      name: p.id,
      source: p.source,
      version: p.definition.manifest.version,
      apiVersion: p.definition.manifest.apiVersion,
      status: 'enabled' as const,
      reason: null as string | null,
      // Its settings, as `depin config` names them.
      settings: (p.definition.manifest.settings ?? []).map((s) => `${p.id}.${s.key}`),
    })),
    ...registry.disabled.map((d) => ({
      name: d.name,
      source: d.source,
      version: null,
      apiVersion: null,
      status: 'disabled' as const,
      reason: d.reason,
      settings: [] as string[],
    })),
  ];
  if (ctx.output.json) {
    ctx.output.printJson({ pluginsDir: ctx.paths.pluginsDir, plugins: rows });
    return 0;
  }
  const p = ctx.output.paintOut;
  ctx.output.out(
    await renderTable(
      ['plugin', 'source', 'version', 'status'],
      rows.map((r) => [r.name, r.source, r.version ?? '', r.status === 'enabled' ? p('green', 'enabled') : `${p('red', 'disabled')}: ${r.reason}`]),
      { colour: p('bold', 'x') !== 'x' },
    ),
  );
  return 0;
}
