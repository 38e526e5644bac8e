import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { publishedPackages, workspaceRoot } from './support/workspace.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const consumerDir = inject('consumerDir');

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function installedDir(name: string): string {
  return join(consumerDir, 'node_modules', name);
}

describe('the packed tarballs', () => {
  it('cover every package the workspace publishes', async () => {
    const dirs = await readdir(join(workspaceRoot, 'packages'));
    const manifests = await Promise.all(
      dirs.map((dir) => readManifest(join(workspaceRoot, 'packages', dir))),
    );
    const published = manifests.filter((manifest) => manifest.private !== true);
    expect(published.map(({ name }) => name).sort()).toEqual(
      publishedPackages.map(({ name }) => name).sort(),
    );
  });

  it.each(publishedPackages.map(({ name }) => name))(
    '%s: depends on our packages with a caret range from the versions released with it, never `workspace:`',
    async (name) => {
      const manifest = await readManifest(installedDir(name));
      const ranges = {
        ...manifest.devDependencies,
        ...manifest.peerDependencies,
        ...manifest.dependencies,
      };
      for (const range of Object.values(ranges)) expect(range).not.toMatch(/^workspace:/);
      // What a user installs: a caret range from the version released with it, so a
      // changesets release of only the core (a patch or minor) keeps satisfying it.
      const installed = { ...manifest.peerDependencies, ...manifest.dependencies };
      for (const [dependency, range] of Object.entries(installed)) {
        if (publishedPackages.some((pkg) => pkg.name === dependency)) {
          const { version } = await readManifest(installedDir(dependency));
          expect(range, dependency).toBe(`^${version}`);
        }
      }
    },
  );

  it.each(publishedPackages.map(({ name }) => name))(
    '%s: ships its build, its manifest and its READMEs, and no sources or tests',
    async (name) => {
      const shipped = await readdir(installedDir(name));
      // Files npm and changesets add by themselves are welcome too.
      const optional = ['CHANGELOG.md', 'LICENSE'];
      // An entry with a README of its own ships it in the folder named after it.
      const entryReadmes: Record<string, string[]> = { '@cloud-token/core': ['testing'] };
      const entryFolders = entryReadmes[name] ?? [];
      expect(shipped.filter((file) => !optional.includes(file)).sort()).toEqual(
        ['README.md', 'dist', 'package.json', ...entryFolders].sort(),
      );
      for (const folder of entryFolders) {
        expect(await readdir(join(installedDir(name), folder))).toEqual(['README.md']);
      }
    },
  );
});
