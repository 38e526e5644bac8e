import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  BurstResult,
  CallsResult,
  WorkerReply,
  WorkerRequest,
  WorkerStatus,
} from './messages.js';

const packageDirectory = fileURLToPath(new URL('../../..', import.meta.url));
const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));
// The workspace packages from their sources, as the test process imports them: no build to race.
const sourcesTsconfig = fileURLToPath(
  new URL('../../../../../tsconfig.sources.json', import.meta.url),
);

/** One worker process of a {@link Fleet}. */
export interface FleetWorker {
  readonly pid: number;
  burst(callers: number): Promise<BurstResult>;
  /** `callers` concurrent API calls through `createAuthorizedFetch` (the worker needs `API_URL`). */
  calls(callers: number): Promise<CallsResult>;
  advance(ms: number): Promise<void>;
  storeMode(): Promise<string>;
  /** The token source's status, with its readiness probe's answer when `readiness` is set (a probe may send a token request). */
  status(options?: { readiness?: boolean }): Promise<WorkerStatus>;
  signal(signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Asks it to close, resuming it first; kills it if it does not exit soon. */
  close(): Promise<void>;
}

/** Several Node processes sharing one Redis and one set of credentials. */
export interface Fleet {
  readonly workers: readonly FleetWorker[];
  burstAll(callers: number): Promise<BurstResult[]>;
  callsAll(callers: number): Promise<CallsResult[]>;
  advanceAll(ms: number): Promise<void>;
  close(): Promise<void>;
}

type Pending = { resolve(reply: WorkerReply): void; reject(error: Error): void };

function startWorker(env: Record<string, string>): Promise<FleetWorker> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--unhandled-rejections=strict', '--import', 'tsx', workerScript],
    {
      cwd: packageDirectory,
      env: { ...process.env, TSX_TSCONFIG_PATH: sourcesTsconfig, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolveReady, rejectReady) => {
    child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        resolveReady(worker);
        return;
      }
      pending.get(reply.id)?.resolve(reply);
      pending.delete(reply.id);
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`fleet worker exited (${code ?? signal}): ${stderr.slice(-2_000)}`);
      rejectReady(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });

    function ask(
      request:
        | { type: 'burst'; callers: number }
        | { type: 'calls'; callers: number }
        | { type: 'advance'; ms: number }
        | { type: 'status'; readiness: boolean },
    ): Promise<WorkerReply> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ ...request, id } as WorkerRequest);
      });
    }

    const worker: FleetWorker = {
      pid: child.pid ?? 0,
      exited,
      async burst(callers) {
        const {
          type: _type,
          id: _id,
          ...result
        } = (await ask({ type: 'burst', callers })) as Extract<WorkerReply, { type: 'burst' }>;
        return result;
      },
      async calls(callers) {
        const {
          type: _type,
          id: _id,
          ...result
        } = (await ask({ type: 'calls', callers })) as Extract<WorkerReply, { type: 'calls' }>;
        return result;
      },
      async advance(ms) {
        await ask({ type: 'advance', ms });
      },
      async storeMode() {
        return (await worker.status()).store;
      },
      async status(options) {
        const readiness = options?.readiness === true;
        const {
          type: _type,
          id: _id,
          ...status
        } = (await ask({ type: 'status', readiness })) as Extract<WorkerReply, { type: 'status' }>;
        return status;
      },
      signal(signal) {
        child.kill(signal);
      },
      async close() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGCONT');
        if (child.connected) child.send({ type: 'close' } satisfies WorkerRequest);
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      },
    };
  });
}

/**
 * Starts `size` worker processes (TypeScript through tsx, with
 * `--unhandled-rejections=strict`), each with `env` and its own overrides.
 */
export async function startFleet(
  size: number,
  env: Record<string, string>,
  overrides: Record<number, Record<string, string>> = {},
): Promise<Fleet> {
  const workers = await Promise.all(
    Array.from({ length: size }, (_, index) => startWorker({ ...env, ...overrides[index] })),
  );
  return {
    workers,
    burstAll: (callers) => Promise.all(workers.map((worker) => worker.burst(callers))),
    callsAll: (callers) => Promise.all(workers.map((worker) => worker.calls(callers))),
    advanceAll: async (ms) => {
      await Promise.all(workers.map((worker) => worker.advance(ms)));
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
