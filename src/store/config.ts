import { DepinError } from '../domain/errors.js';
import { CONFIG_KEYS, configKey, type ConfigKey } from './config-keys.js';
import { readConfigFile, type ConfigValues } from './config-file.js';

export type ValueSource = 'env' | 'file' | 'default' | 'unset';

export interface ResolvedValue {
  key: string;
  value: string | number | undefined;
  source: ValueSource;
  env?: string;
  description: string;
}

/** Effective configuration: environment overrides the file, the file overrides defaults. */
export class Config {
  constructor(
    readonly file: ConfigValues,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static load(configFile: string, env: NodeJS.ProcessEnv = process.env): Config {
    return new Config(readConfigFile(configFile), env);
  }

  resolve(key: string): ResolvedValue {
    const def = configKey(key) as ConfigKey;
    const base = { key, description: def?.description ?? '', env: def?.env };
    const fromEnv = def?.env ? this.env[def.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      const parsed = def.schema.safeParse(fromEnv);
      if (!parsed.success) {
        throw new DepinError('CONFIG_INVALID_ENV', `environment variable ${def.env}: ${parsed.error.issues.map((i) => i.message).join('; ')}`, {
          kind: 'usage',
          suggestion: `Unset ${def.env} or give it a valid value.`,
        });
      }
      return { ...base, value: parsed.data, source: 'env' };
    }
    if (this.file[key] !== undefined) return { ...base, value: this.file[key], source: 'file' };
    if (def?.default !== undefined) return { ...base, value: def.default, source: 'default' };
    return { ...base, value: undefined, source: 'unset' };
  }

  get(key: string): string | undefined {
    const v = this.resolve(key).value;
    return v === undefined ? undefined : String(v);
  }

  number(key: string): number {
    return Number(this.resolve(key).value);
  }

  list(): ResolvedValue[] {
    return CONFIG_KEYS.map((k) => this.resolve(k.key));
  }
}
