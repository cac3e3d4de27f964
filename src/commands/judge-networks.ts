import type { CommandContext } from '../cli/context.js';
import type { HardwareProfile } from '../plugin-api/types.js';
import type { NetworkVerdict } from '../core/eligibility.js';
import type { PluginRegistry } from '../plugins-host/index.js';

export interface Judgement {
  hardware: HardwareProfile;
  verdicts: NetworkVerdict[];
  registry: PluginRegistry;
}

/** Reads the hardware and loads the plugins in parallel, then judges every network. */
export async function judgeNetworks(ctx: CommandContext, options: { network?: boolean } = {}): Promise<Judgement> {
  const [{ collectHardware }, { loadPlugins }, { evaluateEligibility, sortVerdicts }] = await Promise.all([
    import('../hardware/index.js'),
    import('../plugins-host/index.js'),
    import('../core/eligibility.js'),
  ]);
  const pluginsLoading = loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true });
  let hardware: HardwareProfile;
  let registry: PluginRegistry;
  if (options.network) {
    // The reachability check tests the ports the networks need, so the plugins come first here.
    registry = await pluginsLoading;
    const seen = new Set<string>();
    const ports = registry.plugins
      .flatMap((p) => p.definition.requirements.ports ?? [])
      .filter((p) => !seen.has(`${p.port}/${p.protocol}`) && seen.add(`${p.port}/${p.protocol}`));
    hardware = await collectHardware({ network: true, ports });
  } else {
    [hardware, registry] = await Promise.all([collectHardware({}), pluginsLoading]);
  }
  const verdicts = sortVerdicts(registry.plugins.map((p) => evaluateEligibility(p.definition, hardware)));
  for (const d of registry.disabled) ctx.output.warn(`plugin ${d.name} is disabled: ${d.reason}`);
  return { hardware, verdicts, registry };
}
