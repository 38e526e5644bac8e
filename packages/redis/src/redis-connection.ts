import type { IoRedisLike, NodeRedisLike, RedisSubscriber } from './types.js';

/**
 * One way to talk to Redis, whatever the client: `send` runs one command
 * (routed by `key` on a cluster), `subscriber` opens a dedicated pub/sub
 * connection when the client can be duplicated.
 */
export interface RedisConnection {
  send(key: string, args: string[]): Promise<unknown>;
  subscriber?: () => Promise<RedisSubscriber>;
}

type Untyped = Record<string, unknown> & {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
};

function untyped(client: unknown): Untyped {
  return client as Untyped;
}

/** Whether `client` looks like ioredis (`Redis` or `Cluster`): it has `call`. */
export function isIoRedis(client: unknown): client is IoRedisLike {
  return typeof untyped(client).call === 'function';
}

/** Whether `client` looks like node-redis (client or cluster): `sendCommand` and no `call`. */
export function isNodeRedis(client: unknown): client is NodeRedisLike {
  return !isIoRedis(client) && typeof untyped(client).sendCommand === 'function';
}

async function closeQuietly(close: () => unknown): Promise<void> {
  try {
    await close();
  } catch {
    // Closing a connection that already failed has nothing left to report.
  }
}

/** Dispatches pub/sub messages by channel, for clients with one message event. */
function channelListeners(): {
  add(channel: string, onMessage: () => void): void;
  remove(channel: string): void;
  dispatch(channel: unknown): void;
} {
  const listeners = new Map<string, () => void>();
  return {
    add: (channel, onMessage) => listeners.set(channel, onMessage),
    remove: (channel) => listeners.delete(channel),
    dispatch: (channel) => {
      const channelName = channel instanceof Uint8Array ? Buffer.from(channel).toString() : channel;
      if (typeof channelName === 'string') listeners.get(channelName)?.();
    },
  };
}

function ioRedisSubscriber(client: IoRedisLike): () => Promise<RedisSubscriber> {
  return async () => {
    const sub = untyped(client.duplicate());
    const listeners = channelListeners();
    // Without an error listener, a lost pub/sub connection would crash the process.
    sub.on('error', () => {});
    sub.on('message', (channel) => listeners.dispatch(channel));
    const call = (method: 'subscribe' | 'unsubscribe', channel: string) =>
      (sub[method] as (channel: string) => Promise<unknown>).call(sub, channel);
    return {
      async subscribe(channel, onMessage) {
        listeners.add(channel, onMessage);
        await call('subscribe', channel);
      },
      async unsubscribe(channel) {
        listeners.remove(channel);
        await call('unsubscribe', channel);
      },
      close: () => closeQuietly(() => (sub.disconnect as () => void).call(sub)),
    };
  };
}

function nodeRedisSubscriber(client: NodeRedisLike): () => Promise<RedisSubscriber> {
  return async () => {
    const sub = untyped(client.duplicate());
    sub.on('error', () => {});
    const close = () =>
      closeQuietly(() =>
        typeof sub.destroy === 'function'
          ? (sub.destroy as () => unknown).call(sub)
          : (sub.disconnect as () => unknown).call(sub),
      );
    try {
      await (sub.connect as () => Promise<unknown>).call(sub);
    } catch (error) {
      await close();
      throw error;
    }
    return {
      async subscribe(channel, onMessage) {
        await (sub.subscribe as (c: string, l: () => void) => Promise<unknown>).call(
          sub,
          channel,
          () => onMessage(),
        );
      },
      async unsubscribe(channel) {
        await (sub.unsubscribe as (c: string) => Promise<unknown>).call(sub, channel);
      },
      close,
    };
  };
}

/** The connection over an ioredis or node-redis client. */
export function clientConnection(
  client: IoRedisLike | NodeRedisLike,
  withPubSub: boolean,
): RedisConnection {
  if (isIoRedis(client)) {
    const call = untyped(client).call as (...args: string[]) => Promise<unknown>;
    return {
      send: (_key, args) => call.apply(client, args),
      ...(withPubSub && { subscriber: ioRedisSubscriber(client) }),
    };
  }
  const send = untyped(client).sendCommand as (...args: unknown[]) => Promise<unknown>;
  // node-redis's cluster routes by a first key it is given: sendCommand(key, isReadonly, args).
  const isCluster = 'masters' in untyped(client);
  return {
    send: isCluster
      ? (key, args) => send.call(client, key, false, args)
      : (_key, args) => send.call(client, args),
    ...(withPubSub && { subscriber: nodeRedisSubscriber(client) }),
  };
}
