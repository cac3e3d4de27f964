/**
 * A plugin's secret's key in depin's secret store: scoped to the plugin, so one plugin cannot read
 * another's. Join (secret answers) and the plugin's context (`ctx.secrets`) use this one scheme.
 */
export function scopedSecretKey(pluginId: string, name: string): string {
  return `${pluginId}.${name}`;
}
