import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));

/** How a script run in a child process ended. */
export interface ScriptOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `test/support/scripts/<name>` in a fresh Node process (TypeScript
 * through tsx) with `env` added, and resolves when it exits. The child holds
 * no handle but its own; it is killed if it outlives `timeoutMs`.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runScript('print-store-key.ts', { CLIENT_ID: 'a' });
 * ```
 */
export function runScript(
  name: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ScriptOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `test/support/scripts/${name}`], {
      cwd: packageDirectory,
      env: { ...process.env, ...env },
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
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}
