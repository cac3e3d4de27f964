import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { base58 } from '@scure/base';
import { isAddress } from 'viem';
import { BUILTIN_PLUGIN_IDS, builtinLoaders } from '../../plugins/index.js';
import { CATEGORIES, CHAIN_IDS, JOIN_KINDS, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import type { PluginDefinition, TokenSpec } from '../../src/plugin-api/index.js';
import { validatePlugin } from '../../src/plugins-host/index.js';
import { sampleHardware } from './hardware-fixture.js';

// Tests run from dist/test/plugins; the plugin sources live in <repo>/plugins.
const pluginsSourceDir = fileURLToPath(new URL('../../../plugins/', import.meta.url));

/** Every token fact, as networks.md states it: [symbol, chain, mint or 'native', decimals, coingecko id]. */
const EXPECTED_TOKENS: Record<string, [string, string, string, number, string | undefined][]> = {
  render: [
    ['RENDER', 'solana', 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof', 8, 'render-token'],
    ['RNDR', 'ethereum', '0x6De037ef9aD2725EB40118Bb1702EBb27e4Aeb24', 18, 'render-token'],
  ],
  ionet: [['IO', 'solana', 'BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K', 8, 'io-net']],
  nosana: [['NOS', 'solana', 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', 6, 'nosana']],
  storj: [['STORJ', 'ethereum', '0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC', 8, 'storj']],
  filecoin: [['FIL', 'filecoin', 'native', 18, 'filecoin']],
  akash: [
    ['AKT', 'akash', 'uakt', 6, 'akash-network'],
    ['ACT', 'akash', 'uact', 6, undefined],
  ],
  iotex: [['IOTX', 'iotex', 'native', 18, 'iotex']],
  peaq: [['PEAQ', 'peaq', 'native', 18, 'peaq-2']],
  arweave: [['AR', 'arweave', 'native', 12, 'arweave']],
  grass: [['GRASS', 'solana', 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', 9, 'grass']],
  helium: [
    ['HNT', 'solana', 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux', 8, 'helium'],
    ['IOT', 'solana', 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns', 6, 'helium-iot'],
    ['MOBILE', 'solana', 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6', 6, 'helium-mobile'],
  ],
  hivemapper: [['HONEY', 'solana', '4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy', 9, 'hivemapper']],
  roam: [['ROAM', 'solana', 'RoamA1USA8xjvpTJZ6RvvxyDRzNh6GCA1zVGKSiMVkn', 6, 'roam-token']],
};

async function loadAll(): Promise<Map<string, PluginDefinition>> {
  const out = new Map<string, PluginDefinition>();
  for (const id of BUILTIN_PLUGIN_IDS) out.set(id, (await builtinLoaders[id]()).default);
  return out;
}

function assertMintShape(token: TokenSpec, where: string): void {
  if (token.native) {
    assert.equal(token.mint, undefined, `${where}: a native coin has no mint`);
    return;
  }
  assert.ok(token.mint, `${where}: non-native token needs a mint`);
  const mint = token.mint;
  switch (token.chain) {
    case 'solana':
      assert.equal(base58.decode(mint).length, 32, `${where}: Solana mint must decode to 32 bytes`);
      break;
    case 'ethereum':
    case 'iotex':
    case 'peaq':
    case 'filecoin':
      assert.match(mint, /^0x[0-9a-fA-F]{40}$/, `${where}: EVM contract`);
      assert.ok(isAddress(mint, { strict: true }), `${where}: EIP-55 checksum`);
      break;
    case 'akash':
      assert.match(mint, /^u[a-z]{2,}$/, `${where}: Akash bank denom`);
      break;
    default:
      assert.fail(`${where}: ${token.chain} tokens must be native`);
  }
}

test('the built-in list matches the plugin folders, in the documented order', () => {
  const folders = readdirSync(pluginsSourceDir)
    .filter((name) => statSync(join(pluginsSourceDir, name)).isDirectory())
    .sort();
  assert.deepEqual([...BUILTIN_PLUGIN_IDS].sort(), folders);
  assert.deepEqual(
    [...BUILTIN_PLUGIN_IDS],
    ['render', 'ionet', 'nosana', 'storj', 'filecoin', 'akash', 'iotex', 'peaq', 'arweave', 'grass', 'helium', 'hivemapper', 'roam'],
  );
  assert.deepEqual(Object.keys(builtinLoaders).sort(), [...BUILTIN_PLUGIN_IDS].sort());
});

test('every built-in passes the host validation, with a unique id equal to its folder', async () => {
  const plugins = await loadAll();
  const ids = new Set<string>();
  for (const [folder, definition] of plugins) {
    const result = validatePlugin(definition);
    assert.ok(result.ok, `${folder}: ${result.ok ? '' : result.reason}`);
    const { manifest } = definition;
    assert.equal(manifest.id, folder);
    assert.ok(!ids.has(manifest.id), `duplicate id ${manifest.id}`);
    ids.add(manifest.id);
    assert.equal(manifest.apiVersion, PLUGIN_API_VERSION);
    assert.equal(manifest.version, '0.1.0');
    assert.ok((CATEGORIES as readonly string[]).includes(manifest.category));
    assert.ok((JOIN_KINDS as readonly string[]).includes(manifest.joinKind));
    assert.match(manifest.homepage, /^https:\/\//);
    assert.ok(manifest.description.length > 10);
  }
});

test('every token has a valid mint shape, integer decimals and a CoinGecko id (except ACT)', async () => {
  for (const [id, definition] of await loadAll()) {
    assert.ok(definition.manifest.tokens.length > 0, `${id} pays in something`);
    for (const token of definition.manifest.tokens) {
      const where = `${id}/${token.symbol}`;
      assert.ok((CHAIN_IDS as readonly string[]).includes(token.chain), where);
      assert.ok(Number.isInteger(token.decimals) && token.decimals >= 0, `${where}: decimals`);
      assertMintShape(token, where);
      if (token.symbol === 'ACT') assert.equal(token.coingeckoId, undefined);
      else assert.match(token.coingeckoId ?? '', /^[a-z0-9-]+$/, `${where}: coingecko id`);
      assert.ok(token.provenance === 'verified' || token.provenance === 'secondary' || token.provenance === 'unverified', `${where}: provenance`);
    }
  }
});

test('token mints, decimals and price ids are exactly the documented ones', async () => {
  for (const [id, definition] of await loadAll()) {
    const actual = definition.manifest.tokens.map((t) => [t.symbol, t.chain, t.native ? 'native' : t.mint, t.decimals, t.coingeckoId]);
    assert.deepEqual(actual, EXPECTED_TOKENS[id], id);
  }
  const legacy = (await loadAll())
    .get('helium')!
    .manifest.tokens.filter((t) => t.legacy)
    .map((t) => t.symbol);
  assert.deepEqual(legacy, ['IOT', 'MOBILE']);
});

test('hardware-only networks say which device they need; software networks do not', async () => {
  for (const [id, definition] of await loadAll()) {
    const hardwareOnly = ['helium', 'hivemapper', 'roam'].includes(id);
    assert.equal(typeof definition.requirements.dedicatedHardware === 'string', hardwareOnly, id);
    assert.equal(definition.manifest.joinKind === 'device', hardwareOnly, id);
  }
});

test('unverified minimums are notes, not thresholds', async () => {
  const plugins = await loadAll();
  const ionet = plugins.get('ionet')!.requirements;
  assert.equal(ionet.gpu?.minVramGb, undefined);
  assert.equal(ionet.memoryGb, undefined);
  assert.equal(ionet.diskFreeGb, undefined);
  assert.ok(ionet.notes?.some((n) => /unverified/i.test(n)));
  const iotex = plugins.get('iotex')!.requirements;
  assert.equal(iotex.memoryGb, undefined);
  assert.ok(iotex.notes?.some((n) => /unverified/i.test(n)));
  assert.ok(plugins.get('grass')!.requirements.notes?.some((n) => /no official headless/i.test(n)));
});

test('documented hardware minimums are carried into the requirement table', async () => {
  const plugins = await loadAll();
  assert.deepEqual(plugins.get('render')!.requirements.gpu, { vendor: 'nvidia', minVramGb: 8, minCuda: '10.1', minDriver: '419', minComputeCapability: '3.0' });
  assert.equal(plugins.get('render')!.requirements.memoryGb, 32);
  const nosana = plugins.get('nosana')!.requirements;
  assert.deepEqual([nosana.os, nosana.memoryGb, nosana.diskFreeGb, nosana.containerRuntime, nosana.gpuContainerToolkit], [['linux'], 12, 256, true, true]);
  const storj = plugins.get('storj')!.requirements;
  assert.deepEqual(
    [storj.cpuCores, storj.diskFreeGb, storj.ports],
    [
      1,
      500,
      [
        { port: 28967, protocol: 'tcp' },
        { port: 28967, protocol: 'udp' },
      ],
    ],
  );
  const akash = plugins.get('akash')!.requirements;
  assert.deepEqual([akash.arch, akash.cpuCores, akash.memoryGb, akash.diskFreeGb, akash.kubernetes, akash.helm], [['x64'], 8, 16, 150, true, true]);
  assert.deepEqual(
    akash.ports?.map((p) => p.port),
    [80, 443, 8443, 8444, 5002],
  );
  const filecoin = plugins.get('filecoin')!.requirements;
  assert.deepEqual([filecoin.cpuCores, filecoin.memoryGb, filecoin.diskFreeGb, filecoin.gpu], [8, 32, 1000, undefined]);
  assert.ok(filecoin.notes?.some((n) => /sealing/i.test(n)));
});

test('optional eligibility rules are pure functions of the hardware profile', async () => {
  for (const [id, definition] of await loadAll()) {
    if (!definition.eligibility) continue;
    const hw = sampleHardware({ gpus: [{ vendor: 'nvidia', model: 'NVIDIA GeForce RTX 4090', vramMb: 24564 }] });
    const before = JSON.stringify(hw);
    const first = definition.eligibility(hw);
    assert.deepEqual(definition.eligibility(hw), first, id);
    assert.equal(JSON.stringify(hw), before, `${id} must not modify the profile`);
    assert.ok(Array.isArray(first.reasons), id);
  }
});
