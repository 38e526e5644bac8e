import { randomUUID } from 'node:crypto';
import {
  applyGuardUpdate,
  readStoredGuard,
  type StoredGuard,
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

/** A token as kept: its moments on this store's clock (epoch ms). */
interface KeptToken {
  value: string;
  type: string;
  generation: number;
  expiresAt: number;
  obtainedAt: number;
}

/**
 * A token store over Maps: the shape of a store for your own backend. It
 * keeps every moment on its own clock and hands out durations.
 */
function mapTokenStore(): TokenStore {
  const tokens = new Map<string, KeptToken>();
  const locks = new Map<string, Lapsing<StoreLock>>();
  const guards = new Map<string, Lapsing<StoredGuard>>();
  const generations = new Map<string, number>();
  const listeners = new Map<string, Set<() => void>>();
  const live = <T>(records: Map<string, Lapsing<T>>, key: string): T | undefined => {
    const record = records.get(key);
    if (record !== undefined && record.until <= Date.now()) records.delete(key);
    return records.get(key)?.value;
  };
  const token = (key: string): KeptToken | undefined => {
    if ((tokens.get(key)?.expiresAt ?? Infinity) <= Date.now()) tokens.delete(key);
    return tokens.get(key);
  };
  const readToken = (kept: KeptToken | undefined, now: number): StoredToken | undefined =>
    kept && {
      value: kept.value,
      type: kept.type,
      expiresInMs: kept.expiresAt - now,
      ageMs: now - kept.obtainedAt,
      generation: kept.generation,
    };

  return {
    shared: false,
    async read(key) {
      const now = Date.now();
      const guard = live(guards, key);
      return { token: readToken(token(key), now), guard: guard && readStoredGuard(guard, now) };
    },
    async writeToken(key, next, lock) {
      const stored = token(key);
      const now = Date.now();
      const expiresAt = now + next.expiresInMs;
      // Fencing: a holder older than the stored token, or an earlier expiry, loses.
      if (stored && (lock.generation < stored.generation || expiresAt < stored.expiresAt)) {
        return false;
      }
      const obtainedAt = now - (next.ageMs ?? 0);
      tokens.set(key, { ...next, generation: lock.generation, expiresAt, obtainedAt });
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
      const now = Date.now();
      const next = applyGuardUpdate(live(guards, key), update, now);
      const until = Math.max(guards.get(key)?.until ?? 0, now + ttlMs);
      guards.set(key, { value: next, until });
      return readStoredGuard(next, now);
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
