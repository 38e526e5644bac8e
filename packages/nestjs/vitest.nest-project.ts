import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

/** The Nest packages the sources and the tests import. */
const nestPackages = [
  '@nestjs/axios',
  '@nestjs/common',
  '@nestjs/config',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/testing',
] as const;

const exactly = (specifier: string): RegExp => new RegExp(`^${specifier.replace('/', '\\/')}$`);

/**
 * The vitest project of one NestJS major. NestJS comes from one install per
 * major: this package's own devDependencies (NestJS 11, CommonJS) and
 * `test/nest12` (NestJS 12, ESM-only). Every import of a Nest package, from
 * the sources and the tests alike, is pointed at that install, and from there
 * Node resolves the rest (so `@nestjs/axios` 12 only ever sees `@nestjs/common` 12).
 */
export function nestProject(major: 11 | 12): UserWorkspaceConfig {
  const manifest = major === 11 ? './package.json' : './test/nest12/package.json';
  const require = createRequire(fileURLToPath(new URL(manifest, import.meta.url)));
  const nest = nestPackages.map((name) => ({
    find: exactly(name),
    replacement: require.resolve(name),
  }));
  const workspace = Object.entries(workspaceAliases).map(([find, replacement]) => ({
    find: exactly(find),
    replacement,
  }));
  return defineProject({
    root: fileURLToPath(new URL('.', import.meta.url)),
    resolve: { alias: [...workspace, ...nest] },
    test: {
      ...sharedTestOptions,
      name: `nestjs-${major}`,
      include: ['test/**/*.test.ts'],
      exclude: ['test/nest12/**'],
      provide: { nestMajor: major },
      setupFiles: workspaceSetupFiles,
    },
  });
}
