import type { TokenSource } from '@cloud-token/core';
import type {
  CloudTokenAccessor,
  CloudTokenMiddlewareOptions,
  ProxyOptions,
} from '@cloud-token/core/node';
import type { FastifyRequest } from 'fastify';

/**
 * The namespaces of an app with a registration per cloud: `request.cloudToken.<name>`.
 * @example
 * ```ts
 * declare module '@cloud-token/fastify' {
 *   interface CloudTokenNamespaces { words: true; cells: true }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: the application's declaration merging fills it.
export interface CloudTokenNamespaces {}

type Named = keyof CloudTokenNamespaces;
type PerNamespace<T> = Named extends never ? T : { readonly [N in Named]: T };

/**
 * A route's `config.cloudToken`: `false` (none here), or `{ prefetch }`.
 * @example
 * ```ts
 * app.get('/report', { config: { cloudToken: { prefetch: true } } }, reportRoute);
 * ```
 */
export type CloudTokenRouteConfig = false | { prefetch?: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    readonly cloudToken: PerNamespace<CloudTokenAccessor>;
  }
  interface FastifyInstance {
    readonly cloudToken: PerNamespace<TokenSource>;
  }
  interface FastifyContextConfig {
    cloudToken?: CloudTokenRouteConfig;
  }
}

/**
 * Options of `cloudToken`: the core middleware's, `namespace` and `errorHandler`.
 * @example
 * ```ts
 * const options: FastifyCloudTokenOptions = { ...asposeCloud, clientId, clientSecret, namespace: 'words' };
 * ```
 */
export type FastifyCloudTokenOptions = CloudTokenMiddlewareOptions<FastifyRequest> & {
  namespace?: Named extends never ? string : Named;
  errorHandler?: boolean;
};

/**
 * Options of `cloudTokenProxy`: the core proxy's, and Fastify's `prefix`.
 * @example
 * ```ts
 * const options: CloudTokenProxyOptions = { prefix: '/cloud', target: 'https://api.aspose.cloud/v4.0', source };
 * ```
 */
export type CloudTokenProxyOptions = ProxyOptions & { prefix?: string };
