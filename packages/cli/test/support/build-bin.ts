import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The tests run `dist/cli.js` as a child process, and it imports the core's
 * and the Redis store's `dist` through the workspace. Turbo builds them
 * before `test`; a targeted `npx vitest run` gets them built here when a
 * source is newer than its build.
 */

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));
const tsup = join(
  dirname(createRequire(import.meta.url).resolve('tsup/package.json')),
  'dist/cli-default.js',
);

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

function isStale(directory: string): boolean {
  const built = join(directory, 'dist/index.js');
  if (!existsSync(built)) return true;
  const inputs = ['src', 'package.json', 'tsup.config.ts'].map((entry) => join(directory, entry));
  return Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
}

export function setup(): void {
  for (const name of ['core', 'redis', 'cli']) {
    const directory = join(packagesDirectory, name);
    if (!isStale(directory)) continue;
    const built = spawnSync(process.execPath, [tsup], { cwd: directory, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building packages/${name} failed`);
  }
}
