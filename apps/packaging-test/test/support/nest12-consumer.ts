import { cp, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { workspaceRoot } from './workspace.js';

/** Where the workspace installs NestJS 12 for the nestjs package's test matrix. */
const nest12Fixture = join(workspaceRoot, 'packages/nestjs/test/nest12');

/** Our packages that resolve Nest or axios: copied, so that they find NestJS 12's. */
const copied = ['@cloud-token/core', '@cloud-token/axios', '@cloud-token/nestjs'];

/** NestJS 12 and what the consumer itself imports next to it. */
const nest12Packages = ['@nestjs/common', '@nestjs/core', '@nestjs/axios', 'axios'];

/**
 * A second consumer project next to `consumerDir`, with NestJS 12 instead of
 * 11: our packages are copied from the first one's `node_modules` (the same
 * extracted tarballs; copied, not linked, so that they resolve their peers
 * here), NestJS 12 is linked from the workspace's fixture install.
 */
export async function createNest12Consumer(consumerDir: string): Promise<string> {
  const dir = join(dirname(consumerDir), 'consumer-nest12');
  const nodeModules = join(dir, 'node_modules');
  await mkdir(join(nodeModules, '@cloud-token'), { recursive: true });
  await mkdir(join(nodeModules, '@nestjs'), { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    '{ "name": "cloud-token-nest12-consumer", "private": true }\n',
  );
  await Promise.all([
    ...['nestjs.cjs', 'nestjs.mjs', 'scenarios'].map((file) =>
      cp(join(consumerDir, file), join(dir, file), { recursive: true }),
    ),
    ...copied.map((name) =>
      cp(join(consumerDir, 'node_modules', name), join(nodeModules, name), { recursive: true }),
    ),
    // The emulator resolves its own dependencies where it was installed first.
    symlink(
      join(consumerDir, 'node_modules/@cloud-token/emulator'),
      join(nodeModules, '@cloud-token/emulator'),
      'dir',
    ),
    ...nest12Packages.map(async (name) => {
      const installed = await realpath(join(nest12Fixture, 'node_modules', name));
      await symlink(installed, join(nodeModules, name), 'dir');
    }),
    // The copied packages' own dependencies (undici for the core): as the first project has them.
    ...(await dependenciesOf(consumerDir, copied)).map(async (name) => {
      const installed = await realpath(join(consumerDir, 'node_modules', name));
      await mkdir(dirname(join(nodeModules, name)), { recursive: true });
      await symlink(installed, join(nodeModules, name), 'dir');
    }),
  ]);
  return dir;
}

/** The third-party `dependencies` of `names` as extracted in `consumerDir`, once each. */
async function dependenciesOf(consumerDir: string, names: readonly string[]): Promise<string[]> {
  const wanted = new Set<string>();
  for (const name of names) {
    const manifest = JSON.parse(
      await readFile(join(consumerDir, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (!dependency.startsWith('@cloud-token/')) wanted.add(dependency);
    }
  }
  return [...wanted];
}
