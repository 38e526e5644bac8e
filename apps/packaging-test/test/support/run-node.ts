import { spawn } from 'node:child_process';
import { type ProcessOutput, runProcess } from './run-process.js';

/**
 * The whole environment of a consumer process: nothing from the test runner
 * (`NODE_OPTIONS`, `NODE_PATH`, loaders, conditions) may change how it
 * resolves or loads the packages.
 */
const consumerEnvironment: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };

/**
 * Runs `node <args>` to completion in the consumer project, the way its
 * user would; `env` adds the variables a command reads (its settings).
 */
export function runNode(
  consumerDir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ProcessOutput> {
  return runProcess(process.execPath, args, {
    cwd: consumerDir,
    env: { ...consumerEnvironment, ...env },
  });
}

/** A long-running `node` process started by {@link startNode}. */
export interface RunningNode {
  /** Resolves with the first match of `pattern` in its stdout; rejects if it ends first. */
  waitForOutput(pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends `signal` unless it has ended, and resolves once it has, with its exit code and output. */
  stop(signal?: NodeJS.Signals): Promise<ProcessOutput & { exitCode: number | null }>;
}

/** Starts `node <args>` in the consumer project and leaves it running. */
export function startNode(consumerDir: string, args: readonly string[]): RunningNode {
  const child = spawn(process.execPath, args, {
    cwd: consumerDir,
    env: consumerEnvironment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let ended = false;
  const closed = new Promise<number | null>((resolve) => {
    child.once('close', (exitCode: number | null) => {
      ended = true;
      resolve(exitCode);
    });
  });
  const endedEarly = (pattern: RegExp): Error =>
    new Error(`node ${args.join(' ')} ended before printing ${pattern}:\n${stdout}${stderr}`);

  return {
    waitForOutput(pattern) {
      const printed = pattern.exec(stdout);
      if (printed !== null) return Promise.resolve(printed);
      if (ended) return Promise.reject(endedEarly(pattern));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout);
          if (match === null) return;
          stopWatching();
          resolve(match);
        };
        const fail = (): void => {
          stopWatching();
          reject(endedEarly(pattern));
        };
        const stopWatching = (): void => {
          child.stdout.off('data', check);
          child.off('close', fail);
        };
        child.stdout.on('data', check);
        child.once('close', fail);
      });
    },
    async stop(signal = 'SIGTERM') {
      if (!ended) child.kill(signal);
      const exitCode = await closed;
      return { exitCode, stdout, stderr };
    },
  };
}
