import { randomUUID } from 'node:crypto';
import { type Clock, steadyNow, systemClock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { numberRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import type {
  GuardRecord,
  GuardUpdate,
  StoredToken,
  StoreLock,
  StoreSnapshot,
  TokenStore,
} from './token-store.js';

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

// The most failure timestamps kept per credential: more than any budget needs.
const MAX_FAILURES_KEPT = 64;

interface Entry {
  token: StoredToken | undefined;
  /** Steady ms after which the token record may be dropped (its expiry). */
  tokenUntil: number;
  lock: (StoreLock & { until: number }) | undefined;
  generation: number;
  guard: GuardRecord | undefined;
  guardUntil: number;
  listeners: Set<() => void> | undefined;
}

const emptyGuard: GuardRecord = Object.freeze({
  rejectedUntil: 0,
  rateLimitedUntil: 0,
  failures: Object.freeze([]) as readonly number[],
});

/**
 * Creates a {@link TokenStore} that keeps records in this process's memory:
 * not shared with other processes (`shared: false`), bounded (records expire
 * after their lifetime: a lock after its TTL, the guard state after its
 * cooldowns, a token after its expiry; at most `maxEntries` credentials).
 * `clearGuard(key)` forgets a credential's rejection, cooldown and failure
 * budget (the token and the lock stay). Locks are fenced and owner-only,
 * writes wake subscribers, so several token
 * sources of one process cooperate through it as a fleet does through a
 * shared store. Token sources use {@link defaultTokenStore} unless given
 * another; make your own to keep a group of sources apart.
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

  function live(entry: Entry, now: number): boolean {
    return (
      entry.tokenUntil > now ||
      entry.guardUntil > now ||
      (entry.lock !== undefined && entry.lock.until > now) ||
      (entry.listeners !== undefined && entry.listeners.size > 0)
    );
  }

  function existing(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    const now = steadyNow(clock);
    if (entry.token !== undefined && entry.tokenUntil <= now) entry.token = undefined;
    if (entry.guard !== undefined && entry.guardUntil <= now) entry.guard = undefined;
    if (entry.lock !== undefined && entry.lock.until <= now) entry.lock = undefined;
    return entry;
  }

  function writable(key: string): Entry {
    const known = existing(key);
    if (known !== undefined) {
      // Re-inserting keeps the least recently written entry first, where eviction looks.
      entries.delete(key);
      entries.set(key, known);
      return known;
    }
    if (entries.size >= maxEntries) makeRoom();
    const entry: Entry = {
      token: undefined,
      tokenUntil: 0,
      lock: undefined,
      generation: 0,
      guard: undefined,
      guardUntil: 0,
      listeners: undefined,
    };
    entries.set(key, entry);
    return entry;
  }

  function makeRoom(): void {
    const now = steadyNow(clock);
    for (const [key, entry] of entries) if (!live(entry, now)) entries.delete(key);
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) return;
      entries.delete(oldest);
    }
  }

  return {
    shared: false,

    async read(key): Promise<StoreSnapshot> {
      const entry = existing(key);
      if (entry === undefined) return {};
      return { token: entry.token, guard: entry.guard };
    },

    async writeToken(key, token, lock): Promise<boolean> {
      const entry = writable(key);
      const stored = entry.token;
      if (
        stored !== undefined &&
        (lock.generation < stored.generation || token.expiresAt < stored.expiresAt)
      ) {
        return false;
      }
      entry.token = Object.freeze({
        value: token.value,
        type: token.type,
        expiresAt: token.expiresAt,
        generation: lock.generation,
      });
      entry.tokenUntil = steadyNow(clock) + Math.max(0, token.expiresAt - clock.now());
      for (const listener of entry.listeners ?? []) queueMicrotask(() => notify(listener));
      return true;
    },

    async acquireLock(key, ttlMs): Promise<StoreLock | undefined> {
      const entry = writable(key);
      if (entry.lock !== undefined) return undefined;
      entry.generation += 1;
      const lock = Object.freeze({ owner: randomUUID(), generation: entry.generation });
      entry.lock = { ...lock, until: steadyNow(clock) + ttlMs };
      return lock;
    },

    async releaseLock(key, lock): Promise<void> {
      const entry = existing(key);
      if (entry?.lock !== undefined && entry.lock.owner === lock.owner) entry.lock = undefined;
    },

    async updateGuard(key, update, ttlMs): Promise<GuardRecord> {
      const entry = writable(key);
      const next = applyGuardUpdate(entry.guard ?? emptyGuard, update);
      entry.guard = next;
      entry.guardUntil = Math.max(entry.guardUntil, steadyNow(clock) + ttlMs);
      return next;
    },

    async clearGuard(key): Promise<void> {
      const entry = existing(key);
      if (entry === undefined) return;
      entry.guard = undefined;
      entry.guardUntil = 0;
    },

    subscribe(key, listener): () => void {
      const entry = writable(key);
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

/**
 * Applies one {@link GuardUpdate} to a record, as the store contract says:
 * a failure is appended (older ones outside its window dropped), deadlines
 * only move later, `clearRejection` drops the rejection.
 *
 * @example
 * ```ts
 * const next = applyGuardUpdate(record, { failureAt: Date.now(), windowMs: 60_000 });
 * ```
 */
export function applyGuardUpdate(record: GuardRecord, update: GuardUpdate): GuardRecord {
  let { rejectedUntil, rejection, rateLimitedUntil } = record;
  let failures = record.failures;
  if (update.clearRejection === true) {
    rejectedUntil = 0;
    rejection = undefined;
  }
  if (update.rejectedUntil !== undefined && update.rejectedUntil > rejectedUntil) {
    rejectedUntil = update.rejectedUntil;
    rejection = update.rejection ?? rejection;
  }
  if (update.rateLimitedUntil !== undefined && update.rateLimitedUntil > rateLimitedUntil) {
    rateLimitedUntil = update.rateLimitedUntil;
  }
  if (update.failureAt !== undefined) {
    const windowStart = update.failureAt - (update.windowMs ?? Number.POSITIVE_INFINITY);
    const kept = failures.filter((at) => at > windowStart);
    kept.push(update.failureAt);
    kept.sort((a, b) => a - b);
    failures = Object.freeze(kept.slice(-MAX_FAILURES_KEPT));
  }
  return Object.freeze({
    rejectedUntil,
    ...(rejection === undefined ? {} : { rejection }),
    rateLimitedUntil,
    failures,
  });
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
