import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PackedPackage, packPackages } from './pack-packages.js';
import { runProcess } from './run-process.js';
import { publishedPackages, workspaceRoot } from './workspace.js';

/** A throwaway project that has the packed packages installed, as a user's project would. */
export interface ConsumerProject {
  /** Its directory: `node_modules/` and the consumer scripts, outside the workspace. */
  dir: string;
  /** Deletes it, tarballs included. */
  remove(): Promise<void>;
}

/** A package linked into the consumer's `node_modules`, and the workspace directory that has it installed. */
interface LinkedPackage {
  name: string;
  from: string;
}

/** A packed package once extracted, with the manifest that came in its tarball. */
interface InstalledPackage {
  packed: PackedPackage;
  manifest: {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
}

/** The scripts and type tests a user would write; copied into the consumer project. */
const consumerSources = fileURLToPath(new URL('../../consumers/', import.meta.url));

/** Packages that the consumer's own code needs and no packed manifest asks for. */
const consumerOwnPackages: readonly LinkedPackage[] = [
  { name: '@types/node', from: '.' },
  { name: '@types/express', from: 'packages/express' },
  // The Node server a Hono app runs on; @cloud-token/hono itself needs only hono.
  { name: '@hono/node-server', from: 'packages/hono' },
];

/** Lays a tarball out the way `npm install` would, without its dependencies. */
async function extract(packed: PackedPackage, nodeModules: string): Promise<InstalledPackage> {
  const target = join(nodeModules, packed.name);
  await mkdir(target, { recursive: true });
  await runProcess('tar', ['-xzf', packed.tarball, '-C', target, '--strip-components=1'], {
    cwd: nodeModules,
    env: process.env,
  });
  const manifest = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
  return { packed, manifest };
}

/**
 * The third-party packages that the packed manifests ask for (dependencies
 * and peers), taken from the workspace's install for the package that asks:
 * they are not under test, and linking them keeps the test offline and fast.
 */
function thirdPartyPackages(installed: readonly InstalledPackage[]): LinkedPackage[] {
  const ours = new Set(installed.map(({ packed }) => packed.name));
  const wanted = installed.flatMap(({ packed, manifest }) =>
    Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
      .filter((name) => !ours.has(name))
      .map((name) => ({ name, from: packed.dir })),
  );
  // One link per name, however many packages ask for it.
  return [...new Map(wanted.map((pkg) => [pkg.name, pkg])).values()];
}

/**
 * The directory of `name` as installed for the workspace package at `from`,
 * found the way Node looks (every `node_modules` up the tree), so that a
 * package whose `exports` hides its `package.json` is found too.
 */
async function installedDir({ name, from }: LinkedPackage): Promise<string> {
  const require = createRequire(join(workspaceRoot, from, 'package.json'));
  for (const base of require.resolve.paths(name) ?? []) {
    try {
      return await realpath(join(base, name));
    } catch {
      // Not installed in this node_modules: look further up.
    }
  }
  throw new Error(`${name} is not installed for ${from}`);
}

async function link(nodeModules: string, pkg: LinkedPackage): Promise<void> {
  const path = join(nodeModules, pkg.name);
  await mkdir(dirname(path), { recursive: true });
  await symlink(await installedDir(pkg), path, 'dir');
}

/**
 * Packs every published package and installs the tarballs into a new project
 * outside the workspace, each extracted to `node_modules/<name>`: nothing in
 * it can resolve to the workspace's sources or to the packages' directories.
 */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'cloud-token-packaging-')));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const dir = join(root, 'consumer');
    const nodeModules = join(dir, 'node_modules');
    await cp(consumerSources, dir, { recursive: true });
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'cloud-token-consumer', private: true }, null, 2)}\n`,
    );
    const packed = await packPackages(publishedPackages, join(root, 'tarballs'));
    const installed = await Promise.all(packed.map((pkg) => extract(pkg, nodeModules)));
    const linked = [...thirdPartyPackages(installed), ...consumerOwnPackages];
    await Promise.all(linked.map((pkg) => link(nodeModules, pkg)));
    return { dir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
