import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type Resolution, typeCheck } from './support/type-check.js';
import { workspaceRoot } from './support/workspace.js';

const consumerDir = inject('consumerDir');

/** The declaration file, without extension, of every published entry. */
const entryDeclarations = [
  '@cloud-token/core/dist/index',
  '@cloud-token/core/dist/node/index',
  '@cloud-token/emulator/dist/index',
  '@cloud-token/axios/dist/index',
  '@cloud-token/express/dist/index',
  '@cloud-token/express/dist/env',
  '@cloud-token/redis/dist/index',
  '@cloud-token/koa/dist/index',
];

function installedDeclarations(extension: '.d.ts' | '.d.cts'): string[] {
  return entryDeclarations.map((entry) =>
    join(consumerDir, 'node_modules', `${entry}${extension}`),
  );
}

/** Files of the workspace packages themselves, sources or builds: never what a consumer may read. */
function fromTheWorkspacePackages(files: readonly string[]): string[] {
  return files.filter((file) => file.startsWith(join(workspaceRoot, 'packages')));
}

describe('TypeScript consumers of the packed tarballs', () => {
  beforeAll(async () => {
    // One piece of user code, type-checked as an ES module, a CommonJS module and a bundled module.
    const everyEntry = join(consumerDir, 'types', 'every-entry.ts');
    await Promise.all(
      ['esm.mts', 'cjs.cts', 'bundler.ts'].map((copy) =>
        copyFile(everyEntry, join(consumerDir, 'types', copy)),
      ),
    );
  });

  it.each([
    ['an ES module (.mts)', 'node16', 'types/esm.mts', '.d.ts'],
    ['a CommonJS module (.cts)', 'node16', 'types/cjs.cts', '.d.cts'],
    ['a module resolved for a bundler (.ts)', 'bundler', 'types/bundler.ts', '.d.ts'],
  ] as const)(
    '%s using every entry type-checks (%s) against its own declarations',
    async (_, resolution: Resolution, file, extension) => {
      const read = await typeCheck(consumerDir, resolution, [file]);
      expect(read).toEqual(expect.arrayContaining(installedDeclarations(extension)));
      expect(fromTheWorkspacePackages(read)).toEqual([]);
    },
  );

  it('types `req.cloudToken` only for projects that opt in with @cloud-token/express/env', async () => {
    // without-env.mts expects an error on `req.cloudToken`: it type-checks only if there is one.
    const read = await typeCheck(consumerDir, 'node16', ['types/without-env.mts']);
    expect(read).toContain(join(consumerDir, 'node_modules/@cloud-token/express/dist/index.d.ts'));
    expect(read).not.toContain(
      join(consumerDir, 'node_modules/@cloud-token/express/dist/env.d.ts'),
    );
  });
});
