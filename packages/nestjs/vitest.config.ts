import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions, workspaceAliases, workspaceSetupFiles } from '../../vitest.shared.js';

/**
 * NestJS itself comes from one install per major: this package's own
 * devDependencies (NestJS 11, CommonJS) and `test/nest12` (NestJS 12,
 * ESM-only). Every import of a Nest package, from the sources and the tests
 * alike, is pointed at the same install, and from there Node resolves the
 * rest (so `@nestjs/axios` 12 only ever sees `@nestjs/common` 12).
 */
const thirdParty = [
  '@nestjs/axios',
  '@nestjs/common',
  '@nestjs/config',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/testing',
] as const;

function nestFrom(manifest: string) {
  const require = createRequire(fileURLToPath(new URL(manifest, import.meta.url)));
  return thirdParty.map((name) => ({
    find: new RegExp(`^${name.replace('/', '\\/')}$`),
    replacement: require.resolve(name),
  }));
}

const workspace = Object.entries(workspaceAliases).map(([find, replacement]) => ({
  find: new RegExp(`^${find.replace('/', '\\/')}$`),
  replacement,
}));

function nestProject(major: 11 | 12, manifest: string) {
  const name = `nestjs-${major}`;
  return {
    resolve: { alias: [...workspace, ...nestFrom(manifest)] },
    test: {
      ...sharedTestOptions,
      name,
      include: ['test/**/*.test.ts'],
      exclude: ['test/nest12/**'],
      provide: { nestMajor: major },
      setupFiles: workspaceSetupFiles,
    },
  };
}

export default defineConfig({
  test: {
    projects: [nestProject(11, './package.json'), nestProject(12, './test/nest12/package.json')],
  },
});
