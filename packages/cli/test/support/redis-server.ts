import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';

/** A real `redis-server` on a free loopback port, nothing on disk. */
export interface TestRedis {
  readonly url: string;
  /** Sends one command with `redis-cli` and gives its raw reply. */
  command(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

function run(command: string, args: readonly string[]): Promise<string> {
  const child = spawn(command, args);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${command} exited ${code}`)),
    );
  });
}

/** Starts `redis-server` (Debian: `apt-get install redis-server`) and waits until it answers PING. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--logfile',
      '',
    ],
    { stdio: 'ignore' },
  );
  const command = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);
  for (let attempt = 0; ; attempt++) {
    if ((await command('PING').catch(() => '')) === 'PONG') break;
    if (attempt > 200 || server.exitCode !== null) throw new Error('redis-server did not start');
    await delay(25);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    command,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGKILL');
      await once(server, 'exit');
    },
  };
}

/** One `redis-server` for the enclosing test file: started before its first test, stopped after its last. */
export function useTestRedis(): { readonly redis: TestRedis } {
  let started: TestRedis | undefined;
  beforeAll(async () => {
    started = await startTestRedis();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get redis() {
      if (started === undefined) throw new Error('redis-server is started in beforeAll');
      return started;
    },
  };
}
