import { optionsSchema, pathBelowMount, stringRule } from '@cloud-token/core/adapter';
import { createRequestForwarder } from '@cloud-token/core/node';
import type { FastifyInstance } from 'fastify';
import { fastifyPlugin } from 'fastify-plugin';
import { cloudTokenErrorHandler } from './cloud-token-error-handler.js';
import { writeThrough } from './send-cloud-answer.js';
import type { CloudTokenProxyOptions } from './types.js';

/** Fastify's `prefix`, next to the core proxy's keys: Fastify applies it. */
const prefixSchema = optionsSchema<Pick<CloudTokenProxyOptions, 'prefix'>>()({
  prefix: stringRule('', /^(?:\/.*[^/])?$/, 'a path like "/cloud" (no trailing slash)'),
});

async function cloudTokenProxyPlugin(fastify: FastifyInstance, options: CloudTokenProxyOptions) {
  const forwarder = createRequestForwarder(options, { options: prefixSchema });
  fastify.addHook('onClose', async () => forwarder.close());
  fastify.removeAllContentTypeParsers(); // every body reaches the forwarder unread
  fastify.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  fastify.route({
    method: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
    url: '/*',
    config: { cloudToken: false }, // the app's cloudToken plugin has nothing to give it
    errorHandler: cloudTokenErrorHandler(),
    handler: ({ raw, url }, reply) => {
      const below = pathBelowMount(url, fastify.prefix); // the path as sent
      if (below === undefined) return reply.callNotFound();
      return writeThrough(reply, () => forwarder.forward(raw, reply.raw, below));
    },
  });
}

/**
 * The backend-for-frontend proxy (encapsulated): `${prefix}/words/a.docx` goes
 * to `${target}/words/a.docx` with the server-held token, bodies unparsed;
 * a path Fastify routed here only once decoded (`/clou%64/x`) is not found.
 * @example
 * ```ts
 * await app.register(cloudTokenProxy, { prefix: '/cloud', target: 'https://api.aspose.cloud/v4.0', source: app.cloudToken });
 * ```
 */
export const cloudTokenProxy = fastifyPlugin(cloudTokenProxyPlugin, {
  fastify: '5.x',
  name: '@cloud-token/fastify/proxy',
  encapsulate: true,
});
