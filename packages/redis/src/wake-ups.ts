import { type Clock, systemClock } from '@cloud-token/core';
import type { OutageLog } from './outage-log.js';
import type { RedisSubscriber } from './types.js';
import { withCommandTimeout } from './with-command-timeout.js';

/**
 * Listeners per channel over one lazily opened pub/sub connection: the first
 * listener of a channel subscribes, the last one to leave unsubscribes. A
 * failure here only costs the wake-up (waiting sources poll anyway), so it is
 * logged and swallowed; the next subscription tries again.
 */
export interface WakeUps {
  listen(channel: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export function wakeUps(
  openSubscriber: () => RedisSubscriber | Promise<RedisSubscriber>,
  timeoutMs: number,
  outages: OutageLog,
  clock: Clock = systemClock,
): WakeUps {
  const listeners = new Map<string, Set<() => void>>();
  let subscriber: Promise<RedisSubscriber> | undefined;
  let closed = false;
  // Subscribe and unsubscribe of one channel run in order.
  const queues = new Map<string, Promise<void>>();

  const connection = (): Promise<RedisSubscriber> => {
    subscriber ??= withCommandTimeout(async () => openSubscriber(), timeoutMs, clock);
    return subscriber;
  };

  const dispatch = (channel: string) => () => {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener();
      } catch {
        // One listener's exception must not keep the others from waking.
      }
    }
  };

  const enqueue = (channel: string, step: (sub: RedisSubscriber) => Promise<void>) => {
    const previous = queues.get(channel) ?? Promise.resolve();
    let used: Promise<RedisSubscriber> | undefined;
    const next = previous
      .then(async () => {
        used = connection();
        const sub = await used;
        await withCommandTimeout(() => step(sub), timeoutMs, clock);
      })
      .catch((error: unknown) => {
        outages.failed('subscribe', error);
        // Drop the connection (unless another failure already did) and every
        // channel on it: the next listener opens a fresh one and subscribes again.
        if (used === undefined || subscriber !== used) return;
        subscriber = undefined;
        listeners.clear();
        used.then((sub) => sub.close()).catch(() => {});
      });
    queues.set(channel, next);
    void next.then(() => {
      if (queues.get(channel) === next) queues.delete(channel);
    });
  };

  return {
    listen(channel, listener) {
      if (closed) return () => {};
      let set = listeners.get(channel);
      if (set === undefined) {
        set = new Set();
        listeners.set(channel, set);
        enqueue(channel, (sub) => sub.subscribe(channel, dispatch(channel)));
      }
      set.add(listener);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const current = listeners.get(channel);
        if (current === undefined || !current.delete(listener) || current.size > 0) return;
        listeners.delete(channel);
        if (!closed) enqueue(channel, (sub) => sub.unsubscribe(channel));
      };
    },
    async close() {
      closed = true;
      listeners.clear();
      await Promise.allSettled([...queues.values()]);
      const open = subscriber;
      subscriber = undefined;
      if (open !== undefined) {
        await open.then((sub) => sub.close()).catch(() => {});
      }
    },
  };
}
