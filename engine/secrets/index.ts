/** Exchange credentials (node layer, used by both shells): OS keychain, read-only env for headless. */
export * from './secret-store';
export * from './keychain-store';
export * from './env-store';
export * from './credentials';
export { openSecretStore } from './open-secret-store';
export * from './verify-credentials';
