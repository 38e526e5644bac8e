import { createRequire } from 'node:module';
import { runNode } from './run-node.js';

/** The workspace's own TypeScript compiler. */
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** How a consumer's TypeScript resolves modules. */
export type Resolution = 'node16' | 'bundler';

const resolutionFlags: Record<Resolution, string[]> = {
  node16: ['--module', 'node16', '--moduleResolution', 'node16'],
  bundler: ['--module', 'esnext', '--moduleResolution', 'bundler'],
};

/**
 * Type-checks consumer files with strict settings, the packages' own
 * declarations included (`--skipLibCheck false`). Rejects with tsc's
 * diagnostics; resolves with every file the program read, absolute for
 * everything outside the consumer's own sources.
 */
export async function typeCheck(
  consumerDir: string,
  resolution: Resolution,
  files: readonly string[],
): Promise<string[]> {
  const { stdout } = await runNode(consumerDir, [
    tsc,
    ...resolutionFlags[resolution],
    '--noEmit',
    '--strict',
    '--target',
    'es2022',
    '--types',
    'node',
    '--esModuleInterop',
    '--skipLibCheck',
    'false',
    '--listFiles',
    ...files,
  ]);
  return stdout.split('\n').filter((line) => line !== '');
}
