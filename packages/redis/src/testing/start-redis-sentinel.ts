import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from './launch-redis.js';
import { freePort, redisBinary, redisCli, waitUntil } from './redis-process.js';
import { type RedisServer, startRedisServer } from './start-redis-server.js';

/** A primary, its replica and a sentinel watching them, on loopback ports the calling test owns. */
export interface RedisSentinelGroup {
  /** The name the sentinel monitors the primary under (what a client asks it for). */
  readonly name: string;
  /** Where a sentinel client starts: `[{ host: '127.0.0.1', port }]`. */
  readonly sentinels: readonly { host: string; port: number }[];
  /** The data nodes: the first started as the primary, the second as its replica. */
  readonly servers: readonly RedisServer[];
  /** The port of the primary, as the sentinel reports it now. */
  primaryPort(): Promise<number>;
  /**
   * Kills the current primary (SIGKILL) and resolves with the port of the
   * replica the sentinel promoted, once the sentinel reports it.
   */
  killPrimary(): Promise<number>;
  /** Stops the sentinel and every data node for good. */
  stop(): Promise<void>;
}

/**
 * Starts a primary `redis-server`, one replica of it and one `redis-sentinel`
 * (Debian: `apt-get install -y redis-sentinel`) with a quorum of 1 that
 * declares the primary down after 1 s, and waits until the replica is in
 * sync and the sentinel knows it.
 *
 * @example
 * ```ts
 * import { startRedisSentinel } from '@cloud-token/redis/testing';
 *
 * const group = await startRedisSentinel();
 * const client = new Redis({ sentinels: [...group.sentinels], name: group.name });
 * await group.killPrimary(); // the client follows the promoted replica
 * client.disconnect();
 * await group.stop();
 * ```
 */
export async function startRedisSentinel(): Promise<RedisSentinelGroup> {
  const name = 'cloud-token';
  const binary = redisBinary('redis-sentinel');
  const servers: RedisServer[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'cloud-token-sentinel-'));
  let sentinel: Awaited<ReturnType<typeof launchRedis>> | undefined;
  const stop = async () => {
    await sentinel?.kill();
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  const port = await freePort();
  const primaryPort = async () => {
    const reply = await redisCli(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name]);
    return Number(reply.trim().split('\n')[1]);
  };
  try {
    const primary = await startRedisServer();
    servers.push(primary);
    servers.push(
      await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] }),
    );
    await waitUntil(
      async () =>
        (await redisCli(servers[1]?.port ?? 0, ['INFO', 'replication'])).includes(
          'master_link_status:up',
        ),
      'the replica did not sync',
    );
    // The sentinel rewrites its configuration file, so it gets one of its own.
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        'logfile ""',
        'loglevel warning',
        `sentinel monitor ${name} 127.0.0.1 ${primary.port} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        '',
      ].join('\n'),
    );
    sentinel = await launchRedis(binary, () => [config], { port });
    await waitUntil(
      async () =>
        (await redisCli(port, ['SENTINEL', 'REPLICAS', name])).includes(String(servers[1]?.port)),
      'the sentinel did not discover the replica',
      2_400,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    sentinels: [{ host: '127.0.0.1', port }],
    servers,
    primaryPort,
    async killPrimary() {
      const before = await primaryPort();
      const server = servers.find((candidate) => candidate.port === before);
      if (server === undefined) throw new Error('Redis: the sentinel reports an unknown primary');
      await server.kill();
      await waitUntil(
        async () => (await primaryPort()) !== before,
        'the sentinel did not promote the replica',
        2_400,
      );
      return primaryPort();
    },
    stop,
  };
}
