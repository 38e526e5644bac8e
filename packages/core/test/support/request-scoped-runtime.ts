import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Clock,
  type FetchLike,
  type RequestContext,
  systemClock,
  type TimerHandle,
} from '@cloud-token/core';

/** One request of a {@link RequestScopedRuntime}. */
interface Scope {
  cancelled: boolean;
  readonly timers: Set<TimerHandle>;
  /** Work handed to `waitUntil` and not settled yet. */
  kept: number;
}

/** A request started by {@link RequestScopedRuntime.request}. */
export interface ScopedRequest<T> {
  readonly result: Promise<T>;
  /**
   * The request ends (it answered, or its client left): its timers die and
   * its fetches never settle, unless work it handed to `waitUntil` is
   * still pending, which keeps them alive.
   */
  cancel(): void;
  /** How many times it called `waitUntil`. */
  readonly waitUntilCalls: number;
}

/** See {@link requestScopedRuntime}. */
export interface RequestScopedRuntime {
  /** Timers of the current request (the system clock's underneath). */
  readonly clock: Clock;
  /** `fetch` whose answer never arrives when the request that made it was cancelled. */
  readonly fetch: FetchLike;
  /** Runs `handler` as one request, with its `waitUntil`. */
  request<T>(handler: (context: RequestContext) => Promise<T>): ScopedRequest<T>;
}

/**
 * A stand-in, in Node, for a runtime that ties I/O to requests as Cloudflare
 * Workers do: every timer and fetch belongs to the request whose code made
 * it (followed through `await`s), and when a request is cancelled they die
 * with it: timers never fire, fetches never settle, and code awaiting them
 * waits forever; unless that request handed pending work to `waitUntil`.
 */
export function requestScopedRuntime(): RequestScopedRuntime {
  const current = new AsyncLocalStorage<Scope>();
  const clock: Clock = {
    now: systemClock.now,
    monotonic: systemClock.monotonic,
    setTimeout(callback, ms) {
      const scope = current.getStore();
      const handle = systemClock.setTimeout(() => {
        scope?.timers.delete(handle);
        if (scope?.cancelled !== true) callback();
      }, ms);
      scope?.timers.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      current.getStore()?.timers.delete(handle);
      systemClock.clearTimeout(handle);
    },
  };
  const fetch: FetchLike = (input, init) => {
    const scope = current.getStore();
    return new Promise((resolve, reject) => {
      globalThis.fetch(input, init).then(
        (answer) => {
          if (scope?.cancelled === true) void answer.body?.cancel();
          else resolve(answer);
        },
        (error: unknown) => {
          if (scope?.cancelled !== true) reject(error);
        },
      );
    });
  };
  return {
    clock,
    fetch,
    request(handler) {
      const scope: Scope = { cancelled: false, timers: new Set(), kept: 0 };
      let waitUntilCalls = 0;
      const context: RequestContext = {
        waitUntil(promise) {
          waitUntilCalls += 1;
          scope.kept += 1;
          void promise.finally(() => {
            scope.kept -= 1;
          });
        },
      };
      const result = current.run(scope, () => handler(context));
      return {
        result,
        cancel() {
          if (scope.kept > 0) return;
          scope.cancelled = true;
          for (const handle of scope.timers) systemClock.clearTimeout(handle);
          scope.timers.clear();
        },
        get waitUntilCalls() {
          return waitUntilCalls;
        },
      };
    },
  };
}
