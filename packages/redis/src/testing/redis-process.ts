import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const BIN_DIRECTORIES = ['/usr/bin', '/usr/local/bin'];

/** The path of a Redis program (`redis-server`, `redis-cli`, `redis-sentinel`), or a typed error naming the Debian package. */
export function redisBinary(name: 'redis-server' | 'redis-cli' | 'redis-sentinel'): string {
  const found = BIN_DIRECTORIES.map((directory) => `${directory}/${name}`).find(existsSync);
  if (found !== undefined) return found;
  const debianPackage = name === 'redis-sentinel' ? 'redis-sentinel' : 'redis-server';
  throw new Error(`${name} is not installed: apt-get install -y ${debianPackage}`);
}

/** A TCP port of 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether a Redis answers `PING` on the loopback port or the Unix socket. */
export function ping(where: { port: number } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket =
      'path' in where
        ? createConnection({ path: where.path })
        : createConnection({ host: '127.0.0.1', port: where.port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/** Polls `check` every `intervalMs` until it holds, for at most `attempts` tries. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  attempts = 400,
  intervalMs = 25,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Redis: ${what}`);
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a Redis program with `args`, its output discarded. */
export function spawnRedis(binary: string, args: readonly string[]): ChildProcess {
  return spawn(binary, args, { stdio: 'ignore' });
}

/** Runs `redis-cli -p port …args` and resolves with its output (a Redis error is an error). */
export function redisCli(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      redisBinary('redis-cli'),
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null)
          reject(new Error(`redis-cli ${args[0] ?? ''}: ${stderr || error.message}`));
        else if (/^(ERR|WRONGTYPE|MOVED|ASK|CLUSTERDOWN|NOSCRIPT)\b/.test(stdout)) {
          reject(new Error(`redis-cli ${args[0] ?? ''}: ${stdout.trim()}`));
        } else resolve(stdout);
      },
    );
  });
}
