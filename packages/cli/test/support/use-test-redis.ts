import { type RedisServer, startRedisServer } from '@cloud-token/redis/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** A real `redis-server` on a free loopback port (`@cloud-token/redis/testing`), nothing on disk. */
export interface TestRedis {
  readonly url: string;
  /** Sends one command and gives its reply as text. */
  command(name: string, ...args: string[]): Promise<string>;
}

/** One `redis-server` for the enclosing test file: started before its first test, stopped after its last. */
export function useTestRedis(): { readonly redis: TestRedis } {
  let started: { server: RedisServer; client: Redis } | undefined;
  beforeAll(async () => {
    const server = await startRedisServer();
    started = { server, client: new Redis(server.url) };
  });
  afterAll(async () => {
    started?.client.disconnect();
    await started?.server.stop();
  });
  return {
    get redis() {
      if (started === undefined) throw new Error('redis-server is started in beforeAll');
      const { server, client } = started;
      const redis: TestRedis = {
        url: server.url,
        command: async (name, ...args) => String(await client.call(name, ...args)),
      };
      return redis;
    },
  };
}
