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
  const [hardware, registry] = await Promise.all([
    collectHardware({ network: options.network }),
    loadPlugins({ pluginsDir: ctx.paths.pluginsDir, thirdParty: true }),
  ]);
  const verdicts = sortVerdicts(registry.plugins.map((p) => evaluateEligibility(p.definition, hardware)));
  for (const d of registry.disabled) ctx.output.warn(`plugin ${d.name} is disabled: ${d.reason}`);
  return { hardware, verdicts, registry };
}
