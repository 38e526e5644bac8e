import { spawn } from 'node:child_process';

/**
 * How a captured command ended: its exit code (`null` when a signal ended it)
 * and everything it wrote, stdout and stderr interleaved.
 */
export interface CapturedRun {
  code: number | null;
  output: string;
}

/**
 * Runs a command with its output captured instead of shown: the runner prints
 * the build's log only when the build fails.
 */
export function runCaptured(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CapturedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** Runs a shell command with the terminal as its output; resolves with its exit code. */
export function runShown(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, {
      ...options,
      shell: true,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}
