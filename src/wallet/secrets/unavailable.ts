import { DepinError } from '../../domain/errors.js';
import type { SecretCheck, SecretStore } from './types.js';

/** No usable place for secrets; every operation says why and how to fix it. */
export class UnavailableStore implements SecretStore {
  readonly backend = 'unavailable' as const;

  constructor(
    readonly reason: string,
    private readonly suggestion: string,
  ) {}

  async get(): Promise<string | undefined> {
    throw this.error();
  }

  async set(): Promise<void> {
    throw this.error();
  }

  async delete(): Promise<boolean> {
    throw this.error();
  }

  async check(): Promise<SecretCheck> {
    return { ok: false, detail: `${this.reason}. ${this.suggestion}` };
  }

  private error(): DepinError {
    return new DepinError('SECRETS_UNAVAILABLE', `no place to keep secrets: ${this.reason}`, {
      kind: 'not-configured',
      suggestion: this.suggestion,
    });
  }
}
