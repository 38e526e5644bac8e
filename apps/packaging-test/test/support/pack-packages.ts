import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from './run-process.js';
import { type PublishedPackage, workspaceRoot } from './workspace.js';

/** A published package and the tarball `pnpm pack` made of it. */
export interface PackedPackage extends PublishedPackage {
  tarball: string;
}

interface PnpmPackAnswer {
  name: string;
  filename: string;
}

/** The pnpm the repository pins (`packageManager`), so packing is what publishing does. */
async function pinnedPnpm(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(workspaceRoot, 'package.json'), 'utf8')) as {
    packageManager?: string;
  };
  if (manifest.packageManager?.startsWith('pnpm@') !== true) {
    throw new Error('the root package.json pins no pnpm in "packageManager"');
  }
  return manifest.packageManager;
}

async function assertBuilt(pkg: PublishedPackage): Promise<void> {
  try {
    await access(join(workspaceRoot, pkg.dir, 'dist'));
  } catch {
    throw new Error(`${pkg.name} has no dist: build the packages first (pnpm build)`);
  }
}

/**
 * Packs the packages with the repository's own pnpm, which (unlike `npm
 * pack`) rewrites `workspace:` ranges the way `pnpm publish` does.
 */
export async function packPackages(
  packages: readonly PublishedPackage[],
  destination: string,
): Promise<PackedPackage[]> {
  await Promise.all(packages.map(assertBuilt));
  const filters = packages.flatMap((pkg) => ['--filter', pkg.name]);
  const { stdout } = await runProcess(
    'npx',
    [
      '--yes',
      await pinnedPnpm(),
      '--recursive',
      ...filters,
      'pack',
      '--json',
      '--pack-destination',
      destination,
    ],
    { cwd: workspaceRoot, env: process.env, timeoutMs: 300_000 },
  );
  const answers = JSON.parse(stdout) as PnpmPackAnswer[];
  return packages.map((pkg) => {
    const answer = answers.find(({ name }) => name === pkg.name);
    if (answer === undefined) throw new Error(`pnpm packed no ${pkg.name}`);
    return { ...pkg, tarball: answer.filename };
  });
}
