import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from './launch-redis.js';
import { freePort, redisBinary } from './redis-process.js';

/** A real `redis-server` the calling test owns, without persistence. */
export interface RedisServer {
  /** Its loopback port (0 when it listens on a Unix socket only). */
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, or `unix://<socketPath>` for a socket-only server. */
  readonly url: string;
  /** Its Unix socket, when started with `unixSocket: true`. */
  readonly socketPath: string | undefined;
  /** The process's id, `undefined` while it is killed. */
  readonly pid: number | undefined;
  /** Kills it at once (SIGKILL): every key is gone, as after a crash. */
  kill(): Promise<void>;
  /** Starts it again at the same address, empty. */
  restart(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
}

/** How {@link startRedisServer} starts the server. */
export interface RedisServerOptions {
  /** More `redis-server` arguments (`['--cluster-enabled', 'yes']`, `['--replicaof', '127.0.0.1', '6379']`). */
  readonly args?: readonly string[];
  /** Listen on a Unix socket of its own directory and on no TCP port. */
  readonly unixSocket?: boolean;
}

/**
 * Starts `redis-server` (Debian: `apt-get install -y redis-server`) on a free
 * port of 127.0.0.1, or on a Unix socket only, in a temporary directory of
 * its own, with nothing written to disk (`--save '' --appendonly no`), and
 * waits until it answers `PING`.
 *
 * @example
 * ```ts
 * import { startRedisServer } from '@cloud-token/redis/testing';
 *
 * const server = await startRedisServer();
 * const client = new Redis(server.url);
 * // … the test …
 * client.disconnect();
 * await server.stop();
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = redisBinary('redis-server');
  const dir = await mkdtemp(join(tmpdir(), 'cloud-token-redis-'));
  const socketPath = options.unixSocket === true ? join(dir, 'redis.sock') : undefined;
  const port = socketPath === undefined ? await freePort() : 0;
  const listen =
    socketPath === undefined
      ? ['--port', String(port), '--bind', '127.0.0.1']
      : ['--port', '0', '--unixsocket', socketPath, '--unixsocketperm', '700'];
  const args = [
    ...listen,
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
    '--logfile',
    '',
    // Its own working directory: a cluster node writes its nodes.conf there.
    '--dir',
    dir,
    ...(options.args ?? []),
  ];
  const launched = await launchRedis(
    binary,
    () => args,
    socketPath === undefined ? { port } : { path: socketPath },
  ).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    port,
    url: socketPath === undefined ? `redis://127.0.0.1:${port}` : `unix://${socketPath}`,
    socketPath,
    get pid() {
      return launched.pid;
    },
    kill: launched.kill,
    async restart() {
      await launched.kill();
      await launched.start();
    },
    async stop() {
      await launched.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
