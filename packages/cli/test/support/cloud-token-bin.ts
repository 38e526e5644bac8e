import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built bin, as `npm install @cloud-token/cli` puts it on the PATH. */
export const BIN = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What one run of the bin printed, and how it ended. */
export interface BinRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runBin}. */
export interface RunOptions {
  /** The whole environment besides PATH: nothing leaks in from the test's own. */
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed. */
  readonly input?: string;
}

/** Starts the bin with `args`, with only PATH and `env` in its environment. */
export function spawnBin(
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
}

/** Runs the bin to its end and collects what it printed. */
export function runBin(args: readonly string[], options: RunOptions = {}): Promise<BinRun> {
  const child = spawnBin(args, options.env);
  return collect(child, options.input);
}

/** Collects a started process's output until it exits. */
export function collect(child: ChildProcessWithoutNullStreams, input?: string): Promise<BinRun> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A JWT anywhere in a text: the shape of every access token the emulator issues. */
export const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/**
 * Asserts that a run printed no secret and no token: neither of `secrets`
 * nor anything shaped like a JWT, on stdout or stderr.
 */
export function secretFree(
  run: Pick<BinRun, 'stdout' | 'stderr'>,
  secrets: readonly string[],
): boolean {
  const output = `${run.stdout}\n${run.stderr}`;
  return !JWT.test(output) && secrets.every((secret) => !output.includes(secret));
}
