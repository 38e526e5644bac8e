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
 * Runs a shell command with its output captured instead of shown: the runner
 * prints a build's log only when the build fails.
 */
export function runCaptured(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CapturedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, { ...options, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** A command running with its output held back until {@link HeldRun.show} is called. */
export interface HeldRun {
  /** Writes what it printed so far, then the rest as it comes; resolves with its exit code. */
  show(): Promise<number | null>;
}

/**
 * Starts a shell command whose output is held back: several demos run at
 * once, and each one's output is shown whole, in order, as if they had run
 * one after the other.
 */
export function runHeld(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): HeldRun {
  const child = spawn(script, { ...options, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const held: { to: NodeJS.WriteStream; chunk: Buffer }[] = [];
  let shown = false;
  const write = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
    if (shown) to.write(chunk);
    else held.push({ to, chunk });
  };
  child.stdout.on('data', write(process.stdout));
  child.stderr.on('data', write(process.stderr));
  const ended = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  return {
    show() {
      for (const { to, chunk } of held.splice(0)) to.write(chunk);
      shown = true;
      return ended;
    },
  };
}
