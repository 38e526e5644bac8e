import type {
  CloudTokenAccessor,
  CloudTokenMiddlewareOptions,
  ProxyOptions,
} from '@cloud-token/core/node';
import type { Context, Middleware } from 'koa';

/**
 * What `cloudToken()` adds to `ctx.state`: the request's accessor under `K`.
 *
 * @example
 * ```ts
 * const app = new Koa().use(cloudToken(options)); // state: CloudTokenState
 * app.use(async (ctx) => { await ctx.state.cloudToken.getToken(); });
 * ```
 */
export type CloudTokenState<K extends string = 'cloudToken'> = { [P in K]: CloudTokenAccessor };

/**
 * Options of `cloudToken()`: the core's middleware options (credentials, a
 * `source` or `credentials(ctx)`, the call policy, `prefetch`) and
 * `stateKey`, the `ctx.state` key of the accessor (default `cloudToken`).
 *
 * @example
 * ```ts
 * const options: KoaCloudTokenOptions<'cloud'> = { source, baseUrl, stateKey: 'cloud' };
 * ```
 */
export type KoaCloudTokenOptions<K extends string = 'cloudToken'> =
  CloudTokenMiddlewareOptions<Context> & { stateKey?: K };

/**
 * The middleware `cloudToken()` returns, with `close()` for shutdown and
 * `tenants`, how many tenants' token sources it keeps (at most `maxTenants`).
 *
 * @example
 * ```ts
 * process.on('SIGTERM', () => (middleware as CloudTokenMiddleware).close());
 * ```
 */
export type CloudTokenMiddleware<K extends string = 'cloudToken'> = Middleware<
  CloudTokenState<K>
> & { close(): void; readonly tenants: number };

/**
 * Options of `cloudTokenProxy()`: the core proxy's, and `prefix`, the path it serves.
 *
 * @example
 * ```ts
 * const options: CloudTokenProxyOptions = { target: 'https://api.aspose.cloud/v4.0', source, prefix: '/cloud' };
 * ```
 */
export type CloudTokenProxyOptions = ProxyOptions & { prefix?: string };
