import type { RedisStoreKeys } from './types.js';

/**
 * The keys of one credential's records. The store key sits in braces: Redis
 * Cluster hashes only what is inside the first `{…}`, so every key of one
 * credential lands in one slot and one Lua script may touch them all.
 */
export function storeKeys(prefix: string, storeKey: string): RedisStoreKeys {
  // A brace inside the store key would end the hash tag early and split the slot.
  if (storeKey.length === 0 || /[{}\s]/.test(storeKey)) {
    throw new TypeError('The store key must be non-empty, without braces or spaces');
  }
  const base = `${prefix}:{${storeKey}}`;
  return {
    token: `${base}:token`,
    lock: `${base}:lock`,
    guard: `${base}:guard`,
    gen: `${base}:gen`,
    channel: `${base}:wake`,
  };
}
