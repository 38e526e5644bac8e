import { createRequire } from 'node:module';
import Fastify from 'fastify';
import Fastify50 from 'fastify-5-0';

const require = createRequire(import.meta.url);
const versionOf = (name: string): string =>
  (require(`${name}/package.json`) as { version: string }).version;

/**
 * The lowest supported Fastify (5.0, installed as `fastify-5-0`) and the
 * newest, for `describe.each`. Both are typed as the newest: the type tests
 * in test-d/ compile against each one's own types.
 */
export const fastifyVersions = [
  [`Fastify ${versionOf('fastify-5-0')}`, Fastify50 as unknown as typeof Fastify],
  [`Fastify ${versionOf('fastify')}`, Fastify],
] as const;
