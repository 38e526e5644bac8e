import { randomUUID } from 'node:crypto';
import { type Clock, steadyNow, systemClock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { numberRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { applyGuardUpdate, readStoredGuard, type StoredGuard } from './stored-guard.js';
import type { GuardRecord, StoreLock, StoreSnapshot, TokenStore } from './token-store.js';

/**
 * Options of {@link memoryTokenStore}.
 *
 * @example
 * ```ts
 * const options: MemoryTokenStoreOptions = { maxEntries: 1_000 };
 * ```
 */
export interface MemoryTokenStoreOptions {
  /**
   * The most credentials kept at once (an integer of 1 or more; default
   * {@link DEFAULT_MEMORY_STORE_ENTRIES}). Records whose time is up go
   * first; beyond that, the least recently written one.
   */
  maxEntries?: number;
  /** Time for lock and record lifetimes; default `systemClock`. */
  clock?: Clock;
}

/**
 * How many credentials a memory store keeps by default.
 *
 * @example
 * ```ts
 * memoryTokenStore({ maxEntries: DEFAULT_MEMORY_STORE_ENTRIES * 2 });
 * ```
 */
export const DEFAULT_MEMORY_STORE_ENTRIES = 10_000;

/**
 * The schema of {@link MemoryTokenStoreOptions}.
 *
 * @example
 * ```ts
 * memoryTokenStoreSchema.read({ maxEntrys: 5 }); // throws: … did you mean "maxEntries"?
 * ```
 */
export const memoryTokenStoreSchema = optionsSchema<MemoryTokenStoreOptions>()({
  maxEntries: numberRule('count', DEFAULT_MEMORY_STORE_ENTRIES),
  // The store only reads the time: a clock without timers will do.
  clock: (value, path) => {
    if (value === undefined) return systemClock;
    if (typeof (value as Partial<Clock> | null)?.now !== 'function') {
      throw new InvalidOptionsError(path, 'must be a Clock');
    }
    return value as Clock;
  },
});

interface KeptToken {
  readonly value: string;
  readonly type: string;
  readonly generation: number;
  /**
   * When it expires and when it was obtained, on the store's wall clock: a
   * token's life is counted in real time by its issuer, as Redis's `TIME`
   * counts it for the shared store.
   */
  readonly expiresAt: number;
  readonly obtainedAt: number;
}

interface Entry {
  token: KeptToken | undefined;
  lock: (StoreLock & { until: number }) | undefined;
  generation: number;
  guard: StoredGuard | undefined;
  /** Steady ms after which the guard record may be dropped. */
  guardUntil: number;
  listeners: Set<() => void> | undefined;
}

/**
 * Creates a {@link TokenStore} that keeps records in this process's memory:
 * not shared with other processes (`shared: false`), bounded (records expire
 * after their lifetime: a lock after its TTL, the guard state after its
 * cooldowns, a token after its expiry; at most `maxEntries` credentials).
 * Every moment it keeps is on its own clock (a token's on the wall clock,
 * the guard's deadlines on the steady reading), and it hands out durations
 * (see `StoredToken`), as a shared store does; a lock comes with
 * the snapshot taken when it was granted. `clearGuard(key)` forgets a
 * credential's rejection, cooldown and failure budget (the token and the
 * lock stay). Locks are fenced and owner-only, writes wake subscribers, so
 * several token sources of one process cooperate through it as a fleet does
 * through a shared store. Token sources use {@link defaultTokenStore} unless
 * given another; make your own to keep a group of sources apart.
 *
 * @example
 * ```ts
 * import { createTokenSource, memoryTokenStore } from '@cloud-token/core';
 *
 * const store = memoryTokenStore({ maxEntries: 100 });
 * const source = createTokenSource(grant, { store });
 * ```
 */
export function memoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const { maxEntries, clock } = memoryTokenStoreSchema.read(options);
  const entries = new Map<string, Entry>();

  /** Drops what has expired at `now` (steady; a token by the wall clock). */
  function expire(entry: Entry, now: number): void {
    if (entry.token !== undefined && entry.token.expiresAt <= clock.now()) entry.token = undefined;
    if (entry.guard !== undefined && entry.guardUntil <= now) entry.guard = undefined;
    if (entry.lock !== undefined && entry.lock.until <= now) entry.lock = undefined;
  }

  function live(entry: Entry): boolean {
    return (
      entry.token !== undefined ||
      entry.guard !== undefined ||
      entry.lock !== undefined ||
      (entry.listeners !== undefined && entry.listeners.size > 0)
    );
  }

  function existing(key: string, now: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry !== undefined) expire(entry, now);
    return entry;
  }

  function writable(key: string, now: number): Entry {
    const known = existing(key, now);
    if (known !== undefined) {
      // Re-inserting keeps the least recently written entry first, where eviction looks.
      entries.delete(key);
      entries.set(key, known);
      return known;
    }
    if (entries.size >= maxEntries) makeRoom(now);
    const entry: Entry = {
      token: undefined,
      lock: undefined,
      generation: 0,
      guard: undefined,
      guardUntil: 0,
      listeners: undefined,
    };
    entries.set(key, entry);
    return entry;
  }

  function makeRoom(now: number): void {
    for (const [key, entry] of entries) {
      expire(entry, now);
      if (!live(entry)) entries.delete(key);
    }
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) return;
      entries.delete(oldest);
    }
  }

  /** What a reader gets at `now` (steady): durations, never this store's moments. */
  function snapshotOf(entry: Entry | undefined, now: number): StoreSnapshot {
    if (entry === undefined) return {};
    const { token, guard } = entry;
    const wallNow = clock.now();
    return {
      ...(token !== undefined && {
        token: Object.freeze({
          value: token.value,
          type: token.type,
          expiresInMs: token.expiresAt - wallNow,
          ageMs: Math.max(0, wallNow - token.obtainedAt),
          generation: token.generation,
        }),
      }),
      ...(guard !== undefined && { guard: readStoredGuard(guard, now) }),
    };
  }

  return {
    shared: false,

    async read(key): Promise<StoreSnapshot> {
      const now = steadyNow(clock);
      return snapshotOf(existing(key, now), now);
    },

    async writeToken(key, token, lock): Promise<boolean> {
      const entry = writable(key, steadyNow(clock));
      const stored = entry.token;
      const now = clock.now();
      const expiresAt = now + token.expiresInMs;
      if (
        stored !== undefined &&
        (lock.generation < stored.generation || expiresAt < stored.expiresAt)
      ) {
        return false;
      }
      entry.token = Object.freeze({
        value: token.value,
        type: token.type,
        generation: lock.generation,
        expiresAt,
        obtainedAt: now - Math.max(0, token.ageMs ?? 0),
      });
      for (const listener of entry.listeners ?? []) queueMicrotask(() => notify(listener));
      return true;
    },

    async acquireLock(key, ttlMs): Promise<StoreLock | undefined> {
      const now = steadyNow(clock);
      const entry = writable(key, now);
      if (entry.lock !== undefined) return undefined;
      entry.generation += 1;
      const owner = randomUUID();
      entry.lock = { owner, generation: entry.generation, until: now + ttlMs };
      return Object.freeze({
        owner,
        generation: entry.generation,
        snapshot: snapshotOf(entry, now),
      });
    },

    async releaseLock(key, lock): Promise<void> {
      const entry = existing(key, steadyNow(clock));
      if (entry?.lock !== undefined && entry.lock.owner === lock.owner) entry.lock = undefined;
    },

    async updateGuard(key, update, ttlMs): Promise<GuardRecord> {
      const now = steadyNow(clock);
      const entry = writable(key, now);
      const next = applyGuardUpdate(entry.guard, update, now);
      entry.guard = next;
      entry.guardUntil = Math.max(entry.guardUntil, now + ttlMs);
      return readStoredGuard(next, now);
    },

    async clearGuard(key): Promise<void> {
      const entry = existing(key, steadyNow(clock));
      if (entry === undefined) return;
      entry.guard = undefined;
      entry.guardUntil = 0;
    },

    subscribe(key, listener): () => void {
      const entry = writable(key, steadyNow(clock));
      entry.listeners ??= new Set();
      const listeners = entry.listeners;
      // A wrapper, so one listener subscribed twice is two subscriptions.
      const subscription = (): void => listener();
      listeners.add(subscription);
      return () => {
        listeners.delete(subscription);
      };
    },
  };
}

function notify(listener: () => void): void {
  try {
    listener();
  } catch {
    // A subscriber's failure is its own; the store and other subscribers go on.
  }
}

const defaultStores = new WeakMap<Clock, TokenStore>();
const processWide = Symbol.for('@cloud-token/core.defaultTokenStore');

/**
 * The store a token source uses when given none: one memory store (see
 * {@link memoryTokenStore}) per process for the system clock, shared by every
 * token source of the process (and by every copy of this package loaded in
 * it). Because it outlives any one source, a source made again for the same
 * credentials (a pool that evicted it, a per-request factory) finds the
 * credentials' rejection, 429 cooldown and failure budget still in force,
 * and the token still usable. A source on an injected clock gets a memory
 * store of that clock, since store times only compare on one clock.
 *
 * @example
 * ```ts
 * import { defaultTokenStore } from '@cloud-token/core';
 *
 * const source = createTokenSource(grant, { store: defaultTokenStore() }); // the same as no store option
 * ```
 */
export function defaultTokenStore(clock: Clock = systemClock): TokenStore {
  if (clock === systemClock) {
    const holder = globalThis as { [processWide]?: TokenStore };
    holder[processWide] ??= memoryTokenStore();
    return holder[processWide];
  }
  let store = defaultStores.get(clock);
  if (store === undefined) {
    store = memoryTokenStore({ clock });
    defaultStores.set(clock, store);
  }
  return store;
}

/**
 * Replaces the process-wide default store with an empty one (sources made
 * before keep the old one). For test suites, where each test stands for a
 * fresh process; not exported from the package.
 *
 * @example
 * ```ts
 * beforeEach(() => resetDefaultTokenStore());
 * ```
 */
export function resetDefaultTokenStore(): void {
  const holder = globalThis as { [processWide]?: TokenStore };
  holder[processWide] = memoryTokenStore();
}
