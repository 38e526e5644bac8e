import { fileURLToPath } from 'node:url';
import { configDefaults } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import workspace packages from their sources, so they need no build
 * and never race one. The built `dist` is tested by the packaging test.
 */
export const workspaceAliases = {
  '@cloud-token/core/adapter': source('./packages/core/src/adapter.ts'),
  '@cloud-token/core/node': source('./packages/core/src/node/index.ts'),
  '@cloud-token/core/store': source('./packages/core/src/store.ts'),
  '@cloud-token/core/testing': source('./packages/core/src/testing/index.ts'),
  '@cloud-token/core': source('./packages/core/src/index.ts'),
  '@cloud-token/emulator/testing': source('./packages/emulator/src/testing/index.ts'),
  '@cloud-token/emulator': source('./packages/emulator/src/index.ts'),
  '@cloud-token/axios': source('./packages/axios/src/index.ts'),
  '@cloud-token/cli': source('./packages/cli/src/index.ts'),
  '@cloud-token/express': source('./packages/express/src/index.ts'),
  '@cloud-token/fastify': source('./packages/fastify/src/index.ts'),
  '@cloud-token/redis/testing': source('./packages/redis/src/testing/index.ts'),
  '@cloud-token/redis': source('./packages/redis/src/index.ts'),
  '@cloud-token/hono': source('./packages/hono/src/index.ts'),
  '@cloud-token/koa': source('./packages/koa/src/index.ts'),
  '@cloud-token/nestjs/http': source('./packages/nestjs/src/http/index.ts'),
  '@cloud-token/nestjs': source('./packages/nestjs/src/index.ts'),
  '@cloud-token/otel': source('./packages/otel/src/index.ts'),
  '@cloud-token/sdk': source('./packages/sdk/src/index.ts'),
  '@cloud-token/demo-kit/testing': source('./apps/demo-kit/src/testing/index.ts'),
  '@cloud-token/demo-kit': source('./apps/demo-kit/src/index.ts'),
};

/**
 * Test options every project shares. Tests assert behaviour, never timings;
 * the generous limits only keep a loaded CI machine (several projects run at
 * once on two cores) from failing a test that is merely slow.
 */
export const sharedTestOptions = { testTimeout: 60_000, hookTimeout: 60_000 } as const;

/**
 * Setup every package's tests use: empties the core's process-wide default
 * token store before each test (see `vitest.setup.ts`).
 */
export const workspaceSetupFiles = [source('./vitest.setup.ts')];

/**
 * Set to `1` by `.ci/run` for its Node 22 and Node 24 runs, which come after
 * the whole suite has run on Node 20 in the same CI run.
 */
const nodeDependentOnly = process.env.CLOUD_TOKEN_NODE_DEPENDENT_TESTS_ONLY === '1';

/**
 * A project's `exclude`: vitest's default, plus `files` when
 * `CLOUD_TOKEN_NODE_DEPENDENT_TESTS_ONLY=1`. A project names here the test
 * files whose subject does not depend on Node's version (what TypeScript
 * makes of our types, Bun, Deno and workerd, Chromium, Redis Cluster and
 * Sentinel, a hundred processes sharing one token), each with why, when every
 * Node-side path they take is also tested by a file that runs on every Node.
 * Nothing is skipped: every `pnpm test` runs them, and CI runs them once, on Node 20.
 */
export function excludeWhenNodeDependentOnly(files: readonly string[]): string[] {
  return nodeDependentOnly ? [...configDefaults.exclude, ...files] : [...configDefaults.exclude];
}
