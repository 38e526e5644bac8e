import { type Clock, memoryTokenStore, type TokenStore } from '../index.js';
import { booleanRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { memoryTokenStoreSchema } from '../token-source/memory-token-store.js';
import { methodsRule } from './suite-option-rules.js';

/**
 * A method of a {@link TokenStore}, as a {@link RecordingStore} counts it.
 *
 * @example
 * ```ts
 * const hung: StoreMethod[] = ['read', 'acquireLock'];
 * ```
 */
export type StoreMethod =
  | 'read'
  | 'writeToken'
  | 'acquireLock'
  | 'releaseLock'
  | 'updateGuard'
  | 'subscribe';

/**
 * Which methods of a {@link RecordingStore} reject, never settle, or throw synchronously.
 *
 * @example
 * ```ts
 * store.misbehave({ hang: ['read'], reject: ['writeToken'] } satisfies MisbehaviourMode);
 * ```
 */
export interface MisbehaviourMode {
  reject?: readonly StoreMethod[];
  hang?: readonly StoreMethod[];
  throws?: readonly StoreMethod[];
}

/**
 * A {@link TokenStore} over a real memory store that counts every call, and
 * can be told to fail: `reject` makes the named methods reject, `hang` makes
 * them never settle, `throws` makes them throw synchronously.
 *
 * @example
 * ```ts
 * const store = createRecordingStore();
 * await source.getToken();
 * expect(store.calls.read).toBe(1);
 * ```
 */
export interface RecordingStore extends TokenStore {
  readonly calls: Record<StoreMethod, number>;
  /** Total calls of every method. */
  total(): number;
  /** Changes how the named methods misbehave from now on (empty: behave). */
  misbehave(mode: MisbehaviourMode): void;
}

/**
 * Options of {@link createRecordingStore}.
 *
 * @example
 * ```ts
 * const options: RecordingStoreOptions = { inner: memoryTokenStore(), shared: true, subscribe: false };
 * ```
 */
export interface RecordingStoreOptions {
  /** The store it records; default a fresh `memoryTokenStore()` on `clock`. */
  inner?: TokenStore;
  /** The time of the default inner store; default `systemClock`. */
  clock?: Clock;
  /** What its `shared` says; default the inner store's. */
  shared?: boolean;
  /** `false` hides the inner store's `subscribe`, so that waiting sources must poll. */
  subscribe?: boolean;
}

const recordingStoreSchema = optionsSchema<RecordingStoreOptions>()({
  inner: methodsRule<TokenStore>([
    'read',
    'writeToken',
    'acquireLock',
    'releaseLock',
    'updateGuard',
  ]),
  shared: (value, path) => (value === undefined ? undefined : booleanRule(false)(value, path)),
  subscribe: booleanRule(true),
  clock: memoryTokenStoreSchema.rules.clock,
});

/**
 * Creates a {@link RecordingStore} over `options.inner`.
 *
 * @example
 * ```ts
 * import { memoryTokenStore } from '@cloud-token/core';
 * import { createRecordingStore } from '@cloud-token/core/testing';
 *
 * const shared = memoryTokenStore();
 * const a = createRecordingStore({ inner: shared, shared: true });
 * const b = createRecordingStore({ inner: shared, shared: true, subscribe: false });
 * ```
 */
export function createRecordingStore(options: RecordingStoreOptions = {}): RecordingStore {
  const settings = recordingStoreSchema.read(options);
  const inner = settings.inner ?? memoryTokenStore({ clock: settings.clock });
  const calls: Record<StoreMethod, number> = {
    read: 0,
    writeToken: 0,
    acquireLock: 0,
    releaseLock: 0,
    updateGuard: 0,
    subscribe: 0,
  };
  let mode: MisbehaviourMode = {};

  function run<T>(method: StoreMethod, invoke: () => Promise<T>): Promise<T> {
    calls[method] += 1;
    if (mode.throws?.includes(method)) throw new Error(`store ${method} threw`);
    if (mode.reject?.includes(method)) return Promise.reject(new Error(`store ${method} failed`));
    if (mode.hang?.includes(method)) return new Promise<T>(() => {});
    return invoke();
  }

  const store: RecordingStore = {
    shared: settings.shared ?? inner.shared,
    calls,
    total: () => Object.values(calls).reduce((sum, count) => sum + count, 0),
    misbehave(next) {
      mode = next;
    },
    read: (key) => run('read', () => inner.read(key)),
    writeToken: (key, token, lock) => run('writeToken', () => inner.writeToken(key, token, lock)),
    acquireLock: (key, ttlMs) => run('acquireLock', () => inner.acquireLock(key, ttlMs)),
    releaseLock: (key, lock) => run('releaseLock', () => inner.releaseLock(key, lock)),
    updateGuard: (key, update, ttlMs) =>
      run('updateGuard', () => inner.updateGuard(key, update, ttlMs)),
  };
  if (inner.clearGuard !== undefined) {
    const clearGuard = inner.clearGuard.bind(inner);
    // Not counted: no token source calls it; an operator (or a test) does.
    store.clearGuard = (key) => clearGuard(key);
  }
  if (settings.subscribe && inner.subscribe !== undefined) {
    const subscribe = inner.subscribe.bind(inner);
    store.subscribe = (key, listener) => {
      calls.subscribe += 1;
      if (mode.throws?.includes('subscribe')) throw new Error('store subscribe threw');
      return subscribe(key, listener);
    };
  }
  return store;
}
