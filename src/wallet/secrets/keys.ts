import { DepinError } from '../../domain/errors.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

/** Secret names ("nosana.node-key") are not secret, so they may be shown; values never are. */
export function assertSecretKey(key: string): void {
  if (!KEY.test(key)) {
    throw new DepinError('SECRET_KEY_INVALID', `"${key.slice(0, 140)}" is not a valid secret name (letters, digits and . _ : @ / -, up to 128)`);
  }
}
