import { type ChildProcess, fork } from 'node:child_process';

/** A helper process of the bench's own (a server or a load generator), driven over IPC. */
export interface BenchChild<Ready> {
  /** Its process id, to read its CPU time from `/proc`. */
  readonly pid: number;
  /** What the child reported when it was ready (say, its server's URL). */
  readonly ready: Ready;
  /** Sends one command and resolves with the child's answer to it. */
  request<T>(command: Record<string, unknown>): Promise<T>;
  /** Ends the child and waits for it to exit. */
  close(): Promise<void>;
}

interface Reply {
  readonly id?: number;
  readonly ready?: unknown;
  readonly result?: unknown;
  readonly error?: string;
}

const READY_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Forks `module` (a `.ts` file under `bench/src/children/`) with `args` and
 * `execArgv` (this process's flags by default: `--import tsx`, `--expose-gc`), so it runs in its own
 * process with its own event loop, and waits for its `{ ready }` message.
 */
export async function startChild<Ready>(
  module: URL,
  args: readonly string[] = [],
  execArgv: readonly string[] = process.execArgv,
): Promise<BenchChild<Ready>> {
  const child: ChildProcess = fork(module, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...execArgv],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${module} did not start`)), READY_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${module} exited with ${code}`)));
    child.on('message', (message: Reply) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve(message.ready as Ready);
        return;
      }
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (waiting === undefined) return;
      pending.delete(message.id as number);
      if (message.error === undefined) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    });
  });
  child.on('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error(`${module} exited`));
    pending.clear();
  });
  return {
    pid: child.pid ?? -1,
    ready,
    request: <T>(command: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...command, id: nextId });
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Disconnecting lets the child exit by itself (and write a `--cpu-prof` profile); a child
      // that does not exit within a few seconds is killed.
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill(), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The child's side: reports `ready`, then answers each command with
 * `handle(command)`; exits when the parent goes away.
 */
export function serveParent(
  ready: unknown,
  handle: (command: Record<string, unknown>) => Promise<unknown>,
): void {
  const send = (message: Reply) => process.send?.(message);
  process.on('message', (command: Record<string, unknown> & { id: number }) => {
    handle(command).then(
      (result) => send({ id: command.id, result }),
      (error: unknown) => send({ id: command.id, error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready });
}
