import { randomBytes } from 'node:crypto';
import type { StoredToken, StoreLock, TokenStore } from '../store.js';
import type { TestApi } from './test-api.js';
import type { TokenStoreConformanceOptions } from './token-store-conformance.js';

/** The store handles a test opened (closed after it), and fresh keys. */
export interface StoreFixture {
  /** A new handle on the store under test, closed when the test ends. */
  open(): Promise<TokenStore>;
  /** A key no other test uses. */
  newKey(): string;
}

/** A token record to write, living `inMs` from the moment of the write, just obtained. */
export function storedToken(value: string, inMs: number, generation = 0): StoredToken {
  return { value, type: 'Bearer', expiresInMs: inMs, ageMs: 0, generation };
}

/** A lock the test needs: fails it when the store refuses. */
export async function lockOf(store: TokenStore, key: string, ttlMs = 10_000): Promise<StoreLock> {
  const lock = await store.acquireLock(key, ttlMs);
  if (lock === undefined) throw new Error('the store refused a lock nobody holds');
  return lock;
}

/** Registers the hooks that close every handle a test opened. */
export function useStoreFixture(
  test: TestApi,
  options: Pick<TokenStoreConformanceOptions, 'createStore' | 'closeStore'>,
): StoreFixture {
  const opened: TokenStore[] = [];
  test.afterEach(async () => {
    for (const store of opened.splice(0)) await options.closeStore?.(store);
  });
  return {
    async open() {
      const store = await options.createStore();
      opened.push(store);
      return store;
    },
    newKey: () => `conformance:${randomBytes(16).toString('hex')}`,
  };
}
