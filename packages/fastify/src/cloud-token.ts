import { type TokenSource, UsageError } from '@cloud-token/core';
import { booleanRule, optionsSchema, stringRule } from '@cloud-token/core/adapter';
import { createRequestClients, createRequestState } from '@cloud-token/core/node';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { fastifyPlugin } from 'fastify-plugin';
import { cloudTokenErrorHandler } from './cloud-token-error-handler.js';
import type { FastifyCloudTokenOptions } from './types.js';

/** The plugin's own keys, read with the core middleware's. */
const pluginSchema = optionsSchema<{ namespace?: string; errorHandler?: boolean }>()(
  {
    namespace: stringRule(undefined, /^[A-Za-z_$][\w$]*$/, 'an identifier such as "words"'),
    errorHandler: booleanRule(true),
  },
  { elsewhere: { prefix: 'the plugin decorates the app it is registered in (fastify-plugin)' } },
);
/** A route's overrides; what it leaves out, the plugin's options say. */
const routeSchema = optionsSchema<{ prefetch?: boolean }>()({
  prefetch: (value, path) => (value === undefined ? undefined : booleanRule(false)(value, path)),
});
/** Set up by an app's first namespaced registration for the next ones. */
type Namespaces = { View: new (request: object) => object; sources: Record<string, TokenSource> };
const namespaces = Symbol.for('@cloud-token/fastify.namespaces');

async function cloudTokenPlugin(fastify: FastifyInstance, options: FastifyCloudTokenOptions) {
  const clients = createRequestClients(options, { options: pluginSchema });
  fastify.addHook('onClose', async () => clients.close());
  const { namespace, errorHandler } = clients.adapterOptions;
  const name = namespace === undefined ? 'cloudToken' : `cloudToken.${namespace}`;
  const registry = (fastify as unknown as Record<symbol, Namespaces | undefined>)[namespaces];
  const taken = namespace === undefined || registry === undefined || namespace in registry.sources;
  if (fastify.hasRequestDecorator('cloudToken') && taken) {
    throw new UsageError(`${name} is registered twice: give each registration a namespace`);
  }
  const state = createRequestState(`@cloud-token/fastify.${name}`);
  const accessorOf = (request: object) => state.of(request) ?? usage(`request.${name}`);
  const sourceOf = () => clients.source ?? usage(`app.${name} (one source per tenant)`);
  if (namespace === undefined) {
    fastify.decorateRequest('cloudToken', { getter: getter(accessorOf) } as never);
    fastify.decorate('cloudToken', { getter: sourceOf } as never);
  } else {
    const { View, sources } = registry ?? firstNamespace(fastify);
    Object.defineProperty(sources, namespace, { get: sourceOf, enumerable: true });
    const get = getter((view: { request: object }) => accessorOf(view.request));
    Object.defineProperty(View.prototype, namespace, { get, enumerable: true });
  }
  const attachTo = (request: FastifyRequest, reply: FastifyReply) => {
    const accessor = clients.forRequest(request, reply.raw);
    state.attach(request, accessor);
    return accessor;
  };
  // Not async: Fastify runs a hook that calls `done` without a promise and a tick of its own.
  const attach: onRequestHookHandler = function attachCloudToken(request, reply, done) {
    attachTo(request, reply);
    done();
  };
  const prefetch: onRequestHookHandler = async function prefetchCloudToken(request, reply) {
    await attachTo(request, reply).getToken();
  };
  const handleErrors = errorHandler ? cloudTokenErrorHandler() : undefined;
  fastify.addHook('onRoute', (route) => {
    const config = route.config?.cloudToken;
    if (config === false) return;
    const { prefetch: early = clients.prefetch } = routeSchema.read(config, 'config.cloudToken');
    route.onRequest = [early ? prefetch : attach, ...[route.onRequest ?? []].flat()] as never;
    route.errorHandler ??= handleErrors;
  });
}

function firstNamespace(fastify: FastifyInstance): Namespaces {
  class View {
    constructor(readonly request: object) {}
  }
  const registry: Namespaces = { View, sources: Object.create(null) };
  fastify.decorate(namespaces, registry);
  fastify.decorate('cloudToken', registry.sources as never);
  fastify.decorateRequest('cloudToken', { getter: getter((r: object) => new View(r)) } as never);
  return registry;
}

const getter = <T, R>(read: (self: T) => R) =>
  function get(this: T): R {
    return read(this);
  };

function usage(what: string): never {
  throw new UsageError(`${what} is not set here: see the cloudToken plugin and config.cloudToken`);
}

/**
 * The plugin: `request.cloudToken` (`{ getToken, fetch }`) on each route
 * registered after it, `app.cloudToken` (the source); errors of its routes
 * answered as problem+json; `onClose` closes what it made.
 * @example
 * ```ts
 * await app.register(cloudToken, { ...asposeCloud, clientId, clientSecret });
 * app.get('/disc', async (request, reply) =>
 *   sendCloudAnswer(reply, await request.cloudToken.fetch('storage/disc')));
 * ```
 */
export const cloudToken = fastifyPlugin(cloudTokenPlugin, {
  fastify: '5.x',
  name: '@cloud-token/fastify',
});
