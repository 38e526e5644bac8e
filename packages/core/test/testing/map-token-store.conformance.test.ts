import { randomUUID } from 'node:crypto';
import {
  applyGuardUpdate,
  type GuardRecord,
  type StoredToken,
  type StoreLock,
  type TokenStore,
} from '@cloud-token/core/store';
import { runTokenStoreConformance } from '@cloud-token/core/testing';
import * as vitest from 'vitest';

/** A value that lapses at `until` (epoch ms). */
interface Lapsing<T> {
  value: T;
  until: number;
}

/** A token store over Maps: the shape of a store for your own backend. */
function mapTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  const locks = new Map<string, Lapsing<StoreLock>>();
  const guards = new Map<string, Lapsing<GuardRecord>>();
  const generations = new Map<string, number>();
  const listeners = new Map<string, Set<() => void>>();
  const live = <T>(records: Map<string, Lapsing<T>>, key: string): T | undefined => {
    const record = records.get(key);
    if (record !== undefined && record.until <= Date.now()) records.delete(key);
    return records.get(key)?.value;
  };
  const token = (key: string): StoredToken | undefined => {
    if ((tokens.get(key)?.expiresAt ?? Infinity) <= Date.now()) tokens.delete(key);
    return tokens.get(key);
  };

  return {
    shared: false,
    async read(key) {
      return { token: token(key), guard: live(guards, key) };
    },
    async writeToken(key, next, lock) {
      const stored = token(key);
      // Fencing: a holder older than the stored token, or an earlier expiry, loses.
      if (stored && (lock.generation < stored.generation || next.expiresAt < stored.expiresAt)) {
        return false;
      }
      tokens.set(key, { ...next, generation: lock.generation });
      for (const listener of listeners.get(key) ?? []) queueMicrotask(listener);
      return true;
    },
    async acquireLock(key, ttlMs) {
      if (live(locks, key) !== undefined) return undefined;
      const lock = { owner: randomUUID(), generation: (generations.get(key) ?? 0) + 1 };
      generations.set(key, lock.generation);
      locks.set(key, { value: lock, until: Date.now() + ttlMs });
      return lock;
    },
    async releaseLock(key, lock) {
      if (live(locks, key)?.owner === lock.owner) locks.delete(key);
    },
    async updateGuard(key, update, ttlMs) {
      const empty = { rejectedUntil: 0, rateLimitedUntil: 0, failures: [] };
      const next = applyGuardUpdate(live(guards, key) ?? empty, update);
      const until = Math.max(guards.get(key)?.until ?? 0, Date.now() + ttlMs);
      guards.set(key, { value: next, until });
      return next;
    },
    subscribe(key, listener) {
      const wake = () => listener();
      const set = listeners.get(key) ?? new Set();
      listeners.set(key, set.add(wake));
      return () => set.delete(wake);
    },
  };
}

const store = mapTokenStore();
runTokenStoreConformance(vitest, { name: 'a Map-backed store', createStore: () => store });
