/*
 * `@cloud-token/core/store`: for people writing a token store (the shared
 * home of one credential's token, lock and guard state across a fleet, as
 * `@cloud-token/redis` is), and for tools that show what a store holds
 * (`readGuardState`, as `cloud-token guard status` does). Applications pass
 * a store to `createTokenSource(grant, { store })` and need none of this.
 */

export { steadyNow } from './shared/clock.js';
export {
  type GuardState,
  type GuardStateOptions,
  readGuardState,
} from './token-source/guard-state.js';
export { applyGuardUpdate } from './token-source/memory-token-store.js';
export { credentialStoreKey, type StoreKeyParts, shortStoreKey } from './token-source/store-key.js';
export { decodeStoredToken, encodeStoredToken } from './token-source/stored-token-codec.js';
export type {
  GuardRecord,
  GuardUpdate,
  StoredToken,
  StoreLock,
  StoreSnapshot,
  TokenStore,
} from './token-source/token-store.js';
