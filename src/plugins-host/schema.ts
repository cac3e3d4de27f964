import { z } from 'zod';
import { CATEGORIES, CHAIN_IDS, JOIN_KINDS } from '../plugin-api/index.js';
import { NATIVE_DECIMALS, tokenAddressProblem } from './token-address.js';

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function');
const text = z.string().trim().min(1, 'expected a non-empty string');
const dottedVersion = z.string().regex(/^\d+(\.\d+)*$/, 'expected a dotted version such as 12.2');

/** Plugin ids become CLI arguments and config keys, so they are kept to lower-case kebab. */
export const pluginIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'expected lower-case letters, digits and dashes (2–40 characters)');

export const tokenSchema = z
  .object({
    symbol: z.string().regex(/^[A-Za-z0-9.$-]{1,16}$/, 'expected a ticker of 1–16 letters or digits'),
    name: text.optional(),
    chain: z.enum(CHAIN_IDS),
    mint: text.optional(),
    native: z.boolean().optional(),
    decimals: z.number().int('expected an integer').min(0).max(36),
    coingeckoId: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'expected a CoinGecko id such as render-token')
      .optional(),
    legacy: z.boolean().optional(),
    provenance: z.enum(['verified', 'secondary', 'unverified']).optional(),
  })
  .superRefine((token, ctx) => {
    if (token.native === true) {
      if (token.mint !== undefined) ctx.addIssue({ code: 'custom', path: ['mint'], message: 'a native coin has no mint' });
      const expected = NATIVE_DECIMALS[token.chain];
      if (expected === undefined) ctx.addIssue({ code: 'custom', path: ['native'], message: `${token.chain} has no native coin; give its denom as mint` });
      else if (token.decimals !== expected)
        ctx.addIssue({ code: 'custom', path: ['decimals'], message: `the native ${token.chain} coin has ${expected} decimals` });
      return;
    }
    if (token.mint === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mint'], message: 'missing (or set native: true)' });
      return;
    }
    const problem = tokenAddressProblem(token.chain, token.mint);
    if (problem) ctx.addIssue({ code: 'custom', path: ['mint'], message: problem });
  });

export const settingSchema = z
  .object({
    key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'expected letters and digits, starting with a letter (e.g. dashboardUrl)'),
    description: text,
    type: z.enum(['string', 'url', 'integer']).optional(),
    choices: z.array(text).min(1).optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    default: z.union([z.string(), z.number()]).optional(),
    validate: fn.optional(),
  })
  .superRefine((setting, ctx) => {
    if (setting.choices && setting.type !== undefined && setting.type !== 'string')
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'only a string setting has choices' });
    if ((setting.min !== undefined || setting.max !== undefined) && setting.type !== 'integer')
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'only an integer setting has min and max' });
  });

const settingsSchema = z.array(settingSchema).superRefine((settings, ctx) => {
  const seen = new Set<string>();
  settings.forEach((setting, i) => {
    if (seen.has(setting.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `"${setting.key}" is declared twice` });
    seen.add(setting.key);
  });
});

export const manifestSchema = z.object({
  id: pluginIdSchema,
  name: text,
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'expected a semver version such as 1.0.0'),
  apiVersion: z.number().int(),
  category: z.enum(CATEGORIES),
  homepage: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
  joinKind: z.enum(JOIN_KINDS),
  description: text,
  tokens: z.array(tokenSchema),
  settings: settingsSchema.optional(),
});

const portSchema = z.object({ port: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']) });

export const requirementsSchema = z.object({
  os: z
    .array(z.enum(['linux', 'darwin', 'win32']))
    .min(1)
    .optional(),
  arch: z
    .array(z.enum(['x64', 'arm64', 'arm']))
    .min(1)
    .optional(),
  cpuCores: z.number().int().positive().optional(),
  cpuFlags: z.array(z.string().regex(/^[a-z0-9_]+$/, 'expected a lower-case /proc/cpuinfo flag')).optional(),
  memoryGb: z.number().positive().optional(),
  diskFreeGb: z.number().positive().optional(),
  diskKinds: z
    .array(z.enum(['hdd', 'ssd', 'nvme', 'unknown']))
    .min(1)
    .optional(),
  gpu: z
    .object({
      vendor: z.enum(['nvidia', 'amd', 'intel', 'apple', 'other', 'any']),
      minVramGb: z.number().positive().optional(),
      minCuda: dottedVersion.optional(),
      minDriver: dottedVersion.optional(),
      minComputeCapability: dottedVersion.optional(),
      count: z.number().int().positive().optional(),
    })
    .optional(),
  containerRuntime: z.boolean().optional(),
  gpuContainerToolkit: z.boolean().optional(),
  systemd: z.boolean().optional(),
  kubernetes: z.boolean().optional(),
  helm: z.boolean().optional(),
  ports: z.array(portSchema).optional(),
  bandwidth: z.object({ downMbps: z.number().positive(), upMbps: z.number().positive() }).optional(),
  dedicatedHardware: text.optional(),
  notes: z.array(text).optional(),
});

const questionSchema = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9._-]*$/, 'expected a key usable in --set key=value'),
  message: text,
  flag: text,
  default: z.string().optional(),
  secret: z.boolean().optional(),
  choices: z.array(text).min(1).optional(),
  validate: fn.optional(),
});

const rewardSourceSchema = z.object({
  id: text,
  description: text,
  configKeys: z.array(text).optional(),
  read: fn,
});

/** The whole definition a plugin's default export must satisfy (API v1). */
export const definitionSchema = z.object({
  manifest: manifestSchema,
  requirements: requirementsSchema,
  eligibility: fn.optional(),
  questions: z.array(questionSchema).optional(),
  preflight: fn.optional(),
  plan: fn.optional(),
  health: fn.optional(),
  earnings: z.object({ rewardSources: z.array(rewardSourceSchema).optional() }).optional(),
});
