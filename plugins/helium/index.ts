import { definePlugin, PLUGIN_API_VERSION } from '../../src/plugin-api/index.js';
import { health, plan, questions } from './join.js';
import { DEFAULT_ENTITIES_URL, DEFAULT_ORACLE_URL, rewardSources } from './rewards.js';

/**
 * Helium: earning needs a hotspot. Since HIP-138 new rewards are paid in HNT; IOT and MOBILE balances
 * remain and are tracked as legacy tokens.
 */
export default definePlugin({
  manifest: {
    id: 'helium',
    name: 'Helium',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    category: 'wireless',
    homepage: 'https://www.helium.com',
    joinKind: 'device',
    description: 'Pays HNT to hotspots that provide LoRaWAN (IoT) and mobile coverage.',
    tokens: [
      {
        symbol: 'HNT',
        name: 'Helium',
        chain: 'solana',
        mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
        decimals: 8,
        coingeckoId: 'helium',
        provenance: 'verified',
      },
      {
        symbol: 'IOT',
        name: 'Helium IOT',
        chain: 'solana',
        mint: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns',
        decimals: 6,
        coingeckoId: 'helium-iot',
        legacy: true,
        provenance: 'verified',
      },
      {
        symbol: 'MOBILE',
        name: 'Helium Mobile',
        chain: 'solana',
        mint: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
        decimals: 6,
        coingeckoId: 'helium-mobile',
        legacy: true,
        provenance: 'verified',
      },
    ],
    settings: [
      { key: 'entitiesUrl', type: 'url', default: DEFAULT_ENTITIES_URL, description: 'Helium entity API (hotspots of a wallet)' },
      { key: 'oracleUrl', type: 'url', default: DEFAULT_ORACLE_URL, description: 'Helium HNT rewards oracle' },
    ],
  },
  requirements: {
    dedicatedHardware: 'A Helium hotspot (IoT/LoRaWAN or Mobile), onboarded with the Helium app; a DIY LoRa gateway can run helium_gateway instead.',
    notes: [
      'New rewards are paid in HNT (HIP-138); existing IOT and MOBILE balances can be redeemed for HNT.',
      'depin registers your hotspot wallet and reads its hotspots and pending rewards.',
    ],
  },
  questions,
  plan,
  health,
  earnings: { rewardSources },
});
