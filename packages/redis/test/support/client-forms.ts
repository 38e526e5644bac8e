import { Redis } from 'ioredis';
import { Redis as Redis5 } from 'ioredis-v5';
import { createClient } from 'redis';
import { createClient as createClient4 } from 'redis-v4';
import type { RedisSubscriber, RedisTokenStoreOptions } from '../../src/index.js';

/** A real client connected to a test server, in one of the forms the store accepts. */
export interface ClientForm {
  /** What the store is given: `client`, or `sendCommand` (+ a subscriber factory). */
  options: Pick<RedisTokenStoreOptions, 'client' | 'sendCommand' | 'pubsub'>;
  /** Sends a command directly, for the tests' own look at Redis. */
  command(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

export interface ClientFormFactory {
  name: string;
  connect(url: string): Promise<ClientForm>;
}

function ioredisForm(RedisClass: typeof Redis): ClientFormFactory['connect'] {
  return async (url) => {
    // Reconnect quickly after a killed server; never queue commands forever.
    const client = new RedisClass(url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    return {
      options: { client },
      command: (name, ...args) => client.call(name, ...args),
      close: async () => client.disconnect(),
    };
  };
}

type NodeRedisFactory = (options: object) => {
  on(event: 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
};

function nodeRedisClient(create: NodeRedisFactory, url: string) {
  const client = create({ url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => {});
  return client;
}

function destroy(client: unknown): Promise<void> {
  const c = client as { destroy?: () => void; disconnect?: () => Promise<void> };
  return Promise.resolve(c.destroy ? c.destroy() : c.disconnect?.()).catch(() => {});
}

function nodeRedisForm(create: NodeRedisFactory): ClientFormFactory['connect'] {
  return async (url) => {
    const client = nodeRedisClient(create, url);
    await client.connect();
    return {
      options: { client: client as unknown as RedisTokenStoreOptions['client'] },
      command: (...args) => client.sendCommand(args),
      close: () => destroy(client),
    };
  };
}

/**
 * The bare command function, as rate-limit-redis documents it for
 * node-redis, and the subscriber factory an application would write.
 */
async function sendCommandForm(url: string): Promise<ClientForm> {
  const client = nodeRedisClient(createClient as unknown as NodeRedisFactory, url);
  await client.connect();
  const subscribers: unknown[] = [];
  const pubsub = async (): Promise<RedisSubscriber> => {
    const sub = createClient({ url, socket: { reconnectStrategy: () => 50 } });
    sub.on('error', () => {});
    subscribers.push(sub);
    await sub.connect();
    return {
      subscribe: async (channel, onMessage) => {
        await sub.subscribe(channel, () => onMessage());
      },
      unsubscribe: async (channel) => {
        await sub.unsubscribe(channel);
      },
      close: () => destroy(sub),
    };
  };
  return {
    options: { sendCommand: (...args) => client.sendCommand(args), pubsub },
    command: (...args) => client.sendCommand(args),
    close: async () => {
      await Promise.all([client, ...subscribers].map(destroy));
    },
  };
}

/** The three forms of the issue, with the oldest and newest majors of each client. */
export const clientForms: readonly ClientFormFactory[] = [
  { name: 'sendCommand', connect: sendCommandForm },
  { name: 'ioredis 6', connect: ioredisForm(Redis) },
  { name: 'ioredis 5', connect: ioredisForm(Redis5 as unknown as typeof Redis) },
  { name: 'node-redis 6', connect: nodeRedisForm(createClient as unknown as NodeRedisFactory) },
  { name: 'node-redis 4', connect: nodeRedisForm(createClient4 as unknown as NodeRedisFactory) },
];
