import { once } from 'node:events';
import { type BinRun, collect, spawnBin } from './cloud-token-bin.js';

/** A `cloud-token serve` process, started as a user starts it. */
export interface SidecarProcess {
  /** Where it listens (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Its log so far (JSON lines on stderr). */
  logs(): string;
  /** Waits until a log line matches `pattern`. */
  waitForLog(pattern: RegExp): Promise<void>;
  /** Sends `signal` (default SIGTERM) and resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<BinRun>;
  /** Sends a signal without waiting. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once it exits. */
  readonly exited: Promise<BinRun>;
}

/**
 * Starts `cloud-token serve` with `args` (`--port 0` unless a `--port` or
 * `--socket` is given) and waits for its `sidecar listening` line.
 */
export async function startSidecarProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<SidecarProcess> {
  const listening = args.includes('--port') || args.includes('--socket') ? [] : ['--port', '0'];
  const child = spawnBin(['serve', ...listening, ...args], env);
  const exited = collect(child);
  let stderr = '';
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const waitForLog = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(stderr)) {
      const ended = await Promise.race([
        once(child.stderr, 'data').then(() => false),
        exited.then(() => true),
      ]);
      if (ended && !pattern.test(stderr)) {
        throw new Error(`cloud-token serve exited before logging ${pattern}: ${stderr}`);
      }
    }
  };
  await waitForLog(/"msg":"sidecar listening"/);
  const line = stderr.split('\n').find((entry) => entry.includes('"sidecar listening"')) ?? '{}';
  const url = (JSON.parse(line) as { url: string }).url;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? 0,
    logs: () => stderr,
    waitForLog,
    signal: (signal) => child.kill(signal),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}
