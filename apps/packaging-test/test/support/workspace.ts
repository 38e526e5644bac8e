import { fileURLToPath } from 'node:url';

/** The monorepo's root directory. */
export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** A package this repository publishes, and where it lives in the workspace. */
export interface PublishedPackage {
  name: string;
  /** Relative to the workspace root. */
  dir: string;
}

/** Every package this repository publishes; each one has consumers in `consumers/`. */
export const publishedPackages: readonly PublishedPackage[] = [
  { name: '@cloud-token/core', dir: 'packages/core' },
  { name: '@cloud-token/emulator', dir: 'packages/emulator' },
  { name: '@cloud-token/axios', dir: 'packages/axios' },
  { name: '@cloud-token/express', dir: 'packages/express' },
  { name: '@cloud-token/redis', dir: 'packages/redis' },
  { name: '@cloud-token/otel', dir: 'packages/otel' },
  { name: '@cloud-token/koa', dir: 'packages/koa' },
  { name: '@cloud-token/fastify', dir: 'packages/fastify' },
  { name: '@cloud-token/hono', dir: 'packages/hono' },
  { name: '@cloud-token/nestjs', dir: 'packages/nestjs' },
  { name: '@cloud-token/sdk', dir: 'packages/sdk' },
  { name: '@cloud-token/cli', dir: 'packages/cli' },
];
