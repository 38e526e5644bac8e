import type { ChildProcess } from 'node:child_process';
import { exited, ping, spawnRedis, waitUntil } from './redis-process.js';

/** One Redis process the tests own: started, killed, restarted on the same address. */
export interface LaunchedRedis {
  /** The running process's id, `undefined` while it is down. */
  readonly pid: number | undefined;
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** Every process a launcher started and has not yet seen exit, to prove none is left behind. */
const live = new Set<ChildProcess>();

/**
 * The process ids of every Redis (server, cluster node, sentinel) the
 * launchers of this entry started and that has not exited yet: a test's
 * `afterAll` proves it left nothing behind.
 *
 * @example
 * ```ts
 * import { liveRedisPids, startRedisServer } from '@cloud-token/redis/testing';
 *
 * const server = await startRedisServer();
 * await server.stop();
 * expect(liveRedisPids()).toEqual([]);
 * ```
 */
export function liveRedisPids(): number[] {
  return [...live].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
}

/**
 * Starts `binary args` and waits until it answers `PING` at `address`;
 * `kill` sends SIGKILL (everything in memory is lost, as in a crash).
 */
export async function launchRedis(
  binary: string,
  args: () => readonly string[],
  address: { port: number } | { path: string },
): Promise<LaunchedRedis> {
  let child: ChildProcess | undefined;
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running === undefined) return;
    running.kill('SIGKILL');
    await exited(running);
  };
  const start = async () => {
    if (child !== undefined) return;
    const spawned = spawnRedis(binary, args());
    child = spawned;
    live.add(spawned);
    spawned.once('exit', () => live.delete(spawned));
    try {
      await waitUntil(
        async () => spawned.exitCode === null && (await ping(address)),
        `${binary} did not answer at ${JSON.stringify(address)}`,
      );
    } catch (error) {
      await kill();
      throw error;
    }
  };
  await start();
  return {
    get pid() {
      return child?.pid;
    },
    kill,
    start,
  };
}
