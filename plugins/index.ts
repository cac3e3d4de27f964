import type { PluginDefinition } from '../src/plugin-api/index.js';

/** The built-in networks, in the order `depin networks` lists them. */
export const BUILTIN_PLUGIN_IDS = [
  'render',
  'ionet',
  'nosana',
  'storj',
  'filecoin',
  'akash',
  'iotex',
  'peaq',
  'arweave',
  'grass',
  'helium',
  'hivemapper',
  'roam',
] as const;

export type BuiltinPluginId = (typeof BUILTIN_PLUGIN_IDS)[number];

/** A built-in plugin module: its default export is the definition. */
export type BuiltinModule = { default: PluginDefinition };

/** Loads one built-in plugin on demand, so a command pays only for the networks it touches. */
export const builtinLoaders: Record<BuiltinPluginId, () => Promise<BuiltinModule>> = {
  render: () => import('./render/index.js'),
  ionet: () => import('./ionet/index.js'),
  nosana: () => import('./nosana/index.js'),
  storj: () => import('./storj/index.js'),
  filecoin: () => import('./filecoin/index.js'),
  akash: () => import('./akash/index.js'),
  iotex: () => import('./iotex/index.js'),
  peaq: () => import('./peaq/index.js'),
  arweave: () => import('./arweave/index.js'),
  grass: () => import('./grass/index.js'),
  helium: () => import('./helium/index.js'),
  hivemapper: () => import('./hivemapper/index.js'),
  roam: () => import('./roam/index.js'),
};

export function isBuiltinPluginId(id: string): id is BuiltinPluginId {
  return (BUILTIN_PLUGIN_IDS as readonly string[]).includes(id);
}
