import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The tests run the demo as tsc compiled it: NestJS reads the constructor
 * parameter types from the decorator metadata tsc emits, which the test
 * runner's own transform would leave out. So compile first, once.
 */
export default async function compileTheDemo(): Promise<void> {
  const appDir = fileURLToPath(new URL('..', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: appDir,
  });
}
