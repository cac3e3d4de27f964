export { openSecretStore, type OpenSecretStoreOptions } from './open.js';
export type { KeytarLike } from './keychain.js';
export { SECRET_SERVICE, type SecretBackend, type SecretCheck, type SecretStore } from './types.js';
