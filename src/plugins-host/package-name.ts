/** npm package names that depin treats as plugins: `depin-plugin-*`, optionally scoped. */
const PLUGIN_PACKAGE = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?depin-plugin-[a-z0-9][a-z0-9._~-]*$/;

export function isPluginPackageName(name: string): boolean {
  return name.length <= 214 && PLUGIN_PACKAGE.test(name);
}

/**
 * Splits a registry spec (`name`, `name@1.2.0`, `@scope/name@^2`) into name and version range.
 * Returns undefined for anything that is not a plain registry spec (URLs, git, tarballs).
 */
export function parseRegistrySpec(spec: string): { name: string; range?: string } | undefined {
  const match = /^((?:@[^/@\s]+\/)?[^/@\s]+)(?:@([^\s]+))?$/.exec(spec);
  if (!match) return undefined;
  return { name: match[1], range: match[2] };
}

/** A spec the user meant as a folder on disk rather than a registry package. */
export function looksLikeLocalPath(spec: string): boolean {
  return spec.startsWith('file:') || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || /^[A-Za-z]:[\\/]/.test(spec);
}
