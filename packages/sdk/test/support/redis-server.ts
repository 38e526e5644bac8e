import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A real `redis-server` listening on a Unix socket of its own (no TCP port at all), without persistence. */
export interface SocketRedis {
  /** A new client connected to it (give it back with `disconnect()`). */
  connect(): Redis;
  stop(): Promise<void>;
}

/** Starts `/usr/bin/redis-server` on a socket in a fresh temporary directory and waits until it answers. */
export async function startSocketRedis(): Promise<SocketRedis> {
  const directory = await mkdtemp(join(tmpdir(), 'cloud-token-sdk-redis-'));
  const path = join(directory, 'redis.sock');
  const server = spawn(
    '/usr/bin/redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      path,
      '--unixsocketperm',
      '700',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      directory,
    ],
    { stdio: 'ignore' },
  );
  const connect = (): Redis => {
    const client = new Redis({ path, maxRetriesPerRequest: 1, retryStrategy: () => 25 });
    client.on('error', () => {});
    return client;
  };
  const probe = connect();
  try {
    for (let attempt = 0; ; attempt += 1) {
      if ((await probe.ping().catch(() => undefined)) === 'PONG') break;
      if (attempt === 200) throw new Error('redis-server did not answer on its socket');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    probe.disconnect();
  }
  return {
    connect,
    async stop() {
      server.kill('SIGKILL');
      if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
      await rm(directory, { recursive: true, force: true });
    },
  };
}
