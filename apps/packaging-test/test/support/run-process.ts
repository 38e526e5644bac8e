import { execFile } from 'node:child_process';

/** What a finished process printed. */
export interface ProcessOutput {
  stdout: string;
  stderr: string;
}

/** Where and how {@link runProcess} runs a command. */
export interface RunProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The process is killed, and the run fails, after this long. */
  timeoutMs?: number;
}

/**
 * Runs a command to completion. Rejects unless it exits with 0, with
 * everything it printed in the message: tsc, for one, reports on stdout.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  { cwd, env, timeoutMs = 120_000 }: RunProcessOptions,
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
          return;
        }
        const ending = error.killed ? `was killed (${error.signal})` : `exited with ${error.code}`;
        reject(
          new Error(`${command} ${args.join(' ')} ${ending}:\n${stdout}${stderr}`, {
            cause: error,
          }),
        );
      },
    );
  });
}
