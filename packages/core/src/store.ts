/*
 * `@cloud-token/core/store`: for people writing a token store (the shared
 * home of one credential's token, lock and guard state across a fleet, as
 * `@cloud-token/redis` is). Applications pass a store to
 * `createTokenSource(grant, { store })` and need none of this.
 */

export { steadyNow } from './shared/clock.js';
export { credentialStoreKey, type StoreKeyParts, shortStoreKey } from './token-source/store-key.js';
export {
  applyGuardUpdate,
  readStoredGuard,
  type StoredGuard,
} from './token-source/stored-guard.js';
export { decodeStoredToken, encodeStoredToken } from './token-source/stored-token-codec.js';
export type {
  GuardRecord,
  GuardUpdate,
  StoredToken,
  StoreLock,
  StoreSnapshot,
  TokenStore,
} from './token-source/token-store.js';
