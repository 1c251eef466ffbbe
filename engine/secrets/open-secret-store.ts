import { EnvSecretStore, LayeredSecretStore } from './env-store';
import { KeychainSecretStore } from './keychain-store';

/**
 * The store both shells use: environment variables (read-only) for the accounts they name, the
 * OS keychain for the rest. There is no third place.
 */
export function openSecretStore(env: Record<string, string | undefined> = process.env): LayeredSecretStore {
  return new LayeredSecretStore(new EnvSecretStore(env), new KeychainSecretStore());
}
