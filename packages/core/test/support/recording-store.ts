import { type Clock, memoryTokenStore, type TokenStore } from '@cloud-token/core';

type Method = 'read' | 'writeToken' | 'acquireLock' | 'releaseLock' | 'updateGuard' | 'subscribe';

/** Which methods reject, never settle, or throw synchronously. */
export interface MisbehaviourMode {
  reject?: readonly Method[];
  hang?: readonly Method[];
  throws?: readonly Method[];
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
  readonly calls: Record<Method, number>;
  /** Total calls of every method. */
  total(): number;
  /** Changes how the named methods misbehave from now on (empty: behave). */
  misbehave(mode: MisbehaviourMode): void;
}

/**
 * Creates a {@link RecordingStore}; `inner` is the store it records
 * (default: a fresh memory store on `clock`, the store's own time), `shared`
 * what it reports, `subscribe: false` hides the inner store's `subscribe` so
 * waiters must poll.
 *
 * @example
 * ```ts
 * const shared = memoryTokenStore();
 * const a = createRecordingStore({ inner: shared, shared: true });
 * ```
 */
export function createRecordingStore(
  options: { inner?: TokenStore; shared?: boolean; subscribe?: boolean; clock?: Clock } = {},
): RecordingStore {
  const inner =
    options.inner ?? memoryTokenStore(options.clock === undefined ? {} : { clock: options.clock });
  const calls: Record<Method, number> = {
    read: 0,
    writeToken: 0,
    acquireLock: 0,
    releaseLock: 0,
    updateGuard: 0,
    subscribe: 0,
  };
  let mode: MisbehaviourMode = {};

  function run<T>(method: Method, invoke: () => Promise<T>): Promise<T> {
    calls[method] += 1;
    if (mode.throws?.includes(method)) throw new Error(`store ${method} threw`);
    if (mode.reject?.includes(method)) return Promise.reject(new Error(`store ${method} failed`));
    if (mode.hang?.includes(method)) return new Promise<T>(() => {});
    return invoke();
  }

  const store: RecordingStore = {
    shared: options.shared ?? false,
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
  if (options.subscribe !== false && inner.subscribe !== undefined) {
    const subscribe = inner.subscribe.bind(inner);
    store.subscribe = (key, listener) => {
      calls.subscribe += 1;
      if (mode.throws?.includes('subscribe')) throw new Error('store subscribe threw');
      return subscribe(key, listener);
    };
  }
  return store;
}
