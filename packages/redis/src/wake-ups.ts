import { withTimeout } from './command-timeout.js';
import type { OutageLog } from './outage-log.js';
import type { RedisSubscriber } from './types.js';

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
): WakeUps {
  const listeners = new Map<string, Set<() => void>>();
  let subscriber: Promise<RedisSubscriber> | undefined;
  let closed = false;
  // Subscribe and unsubscribe of one channel run in order.
  const queues = new Map<string, Promise<void>>();

  const connection = (): Promise<RedisSubscriber> => {
    subscriber ??= withTimeout(Promise.resolve().then(openSubscriber), timeoutMs);
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

  const enqueue = (
    channel: string,
    step: (sub: RedisSubscriber) => Promise<void>,
    onFailure: () => void = () => {},
  ) => {
    const previous = queues.get(channel) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const sub = await connection();
        await withTimeout(step(sub), timeoutMs);
      })
      .catch((error: unknown) => {
        outages.failed('subscribe', error);
        onFailure();
        // Open a fresh connection next time rather than keep a broken one.
        const broken = subscriber;
        subscriber = undefined;
        broken?.then((sub) => sub.close()).catch(() => {});
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
        const subscribed = set;
        // Forget a channel whose subscription failed, so that the next listener tries again.
        enqueue(
          channel,
          (sub) => sub.subscribe(channel, dispatch(channel)),
          () => listeners.get(channel) === subscribed && listeners.delete(channel),
        );
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
