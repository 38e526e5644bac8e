import type { Clock } from '../shared/clock.js';
import { runWithDeadline } from '../shared/deadline.js';
import { type ClientLabel, publish } from '../shared/diagnostics.js';
import type { CompleteLogger } from '../shared/safe-logger.js';
import type {
  GuardRecord,
  GuardUpdate,
  StoredToken,
  StoreLock,
  StoreSnapshot,
  TokenStore,
} from './token-store.js';

/**
 * What a store call gives when the store failed (rejected, threw or took too
 * long): the caller goes on without the store.
 *
 * @example
 * ```ts
 * if ((await connection.read()) === storeFailed) return localPath();
 * ```
 */
export const storeFailed: unique symbol = Symbol('store failed');

/** The type of {@link storeFailed}. */
export type StoreFailed = typeof storeFailed;

/** Why a store call failed when it took longer than `storeTimeoutMs`. */
const storeTimedOut: unique symbol = Symbol('store timed out');

/**
 * A wait for a store's wake-up (its `subscribe`) or a poll interval,
 * whichever comes first.
 *
 * @example
 * ```ts
 * const waker = connection.subscribe();
 * try { await waker.wait(250, signal); } finally { waker.close(); }
 * ```
 */
export interface StoreWaker {
  /** Resolves after `ms`, or at once if the store has woken it since the last wait; rejects when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  /** Unsubscribes. */
  close(): void;
}

/**
 * One token source's view of its {@link TokenStore}, for one key: every call
 * bounded by a timeout and never rejecting ({@link storeFailed} instead),
 * the first failure logged once, recovery logged once.
 *
 * @example
 * ```ts
 * const connection = connectStore({ store, clock, timeoutMs: 1_000, log, client: grant.label, key: grant.storeKey });
 * ```
 */
export interface StoreConnection {
  read(): Promise<StoreSnapshot | StoreFailed>;
  acquireLock(ttlMs: number): Promise<StoreLock | undefined | StoreFailed>;
  writeToken(token: StoredToken, lock: StoreLock): Promise<boolean | StoreFailed>;
  releaseLock(lock: StoreLock): Promise<void>;
  /** The store's answer: what it holds after the update. */
  updateGuard(update: GuardUpdate, ttlMs: number): Promise<GuardRecord | StoreFailed>;
  subscribe(): StoreWaker;
  /** `fallback` after a failed call until a call succeeds; else `shared` or `local`. */
  mode(): 'shared' | 'local' | 'fallback';
}

/**
 * Wraps `store` for one key (see {@link StoreConnection}).
 *
 * @example
 * ```ts
 * const snapshot = await connectStore(options).read();
 * ```
 */
export function connectStore(options: {
  store: TokenStore;
  clock: Clock;
  timeoutMs: number;
  log: CompleteLogger;
  /** Who the source is, for log lines and events. */
  label: ClientLabel;
  key: string;
}): StoreConnection {
  const { store, clock, timeoutMs, log, label, key } = options;
  const { client, storeKey } = label;
  let failing = false;

  function failed(operation: string, cause: unknown): StoreFailed {
    if (!failing) {
      failing = true;
      const timedOut = cause === storeTimedOut;
      const errorName = timedOut ? 'TimeoutError' : nameOf(cause);
      log.warn('token store failed; working without it', {
        client,
        key: storeKey,
        operation,
        cause: timedOut ? 'timeout' : 'error',
      });
      publish.storeFallback(() => ({ ...label, state: 'entered', errorName }));
    }
    return storeFailed;
  }

  function succeeded(): void {
    if (!failing) return;
    failing = false;
    log.info('token store reachable again', { client, key: storeKey });
    publish.storeFallback(() => ({ ...label, state: 'left', errorName: undefined }));
  }

  function call<T>(operation: string, invoke: () => Promise<T>): Promise<T | StoreFailed> {
    return runWithDeadline(invoke, { clock, timeoutMs, onTimeout: () => storeTimedOut }).then(
      (value) => {
        succeeded();
        return value;
      },
      (error: unknown) => failed(operation, error),
    );
  }

  return {
    read: () => call('read', () => store.read(key)),
    acquireLock: (ttlMs) => call('acquireLock', () => store.acquireLock(key, ttlMs)),
    writeToken: (token, lock) => call('writeToken', () => store.writeToken(key, token, lock)),
    async releaseLock(lock) {
      // Nobody waits for it, so no timeout timer: a hanging release only
      // leaves a promise that never settles (the lock's TTL frees it).
      try {
        await store.releaseLock(key, lock);
        succeeded();
      } catch (error) {
        failed('releaseLock', error);
      }
    },
    updateGuard: (update, ttlMs) =>
      call('updateGuard', () => store.updateGuard(key, update, ttlMs)),
    subscribe() {
      let woken = false;
      let wakeNow: (() => void) | undefined;
      let unsubscribe: (() => void) | undefined;
      try {
        unsubscribe = store.subscribe?.(key, () => {
          woken = true;
          wakeNow?.();
        });
      } catch (error) {
        failed('subscribe', error);
      }
      return {
        wait(ms, signal) {
          return new Promise<void>((resolve, reject) => {
            if (signal.aborted) {
              reject(signal.reason);
              return;
            }
            const finish = (): void => {
              clock.clearTimeout(timer);
              signal.removeEventListener('abort', onAbort);
              wakeNow = undefined;
              woken = false;
            };
            const onAbort = (): void => {
              finish();
              reject(signal.reason);
            };
            const timer = clock.setTimeout(() => {
              finish();
              resolve();
            }, ms);
            signal.addEventListener('abort', onAbort, { once: true });
            wakeNow = () => {
              finish();
              resolve();
            };
            if (woken) wakeNow();
          });
        },
        close() {
          try {
            unsubscribe?.();
          } catch {
            // Nothing to do: the subscription is the store's to drop.
          }
        },
      };
    },
    mode: () => (failing ? 'fallback' : store.shared ? 'shared' : 'local'),
  };
}

/** A failure's class name (never its message): `Error` for anything else. */
function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z][\w.]{0,63}$/.test(name) ? name : 'Error';
}
