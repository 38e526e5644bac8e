import { createWebRequestForwarder, type ProxyOptions } from '@cloud-token/core/adapter';
import type { Context } from 'hono';
import { requestConnection } from './request-connection.js';
import type { CloudTokenProxy } from './types.js';

/**
 * Options of {@link cloudTokenProxy}: the `target` API URL, a token `source` or
 * credentials, `maxBufferedBodyBytes` (default 1 MiB) and the call policy's options.
 *
 * @example
 * ```ts
 * const options: CloudTokenProxyOptions = { target: 'https://api.aspose.cloud/v4.0', source };
 * ```
 */
export type CloudTokenProxyOptions = ProxyOptions;

/**
 * A backend-for-frontend proxy for a wildcard route: forwards what follows
 * the route's fixed prefix to the cloud API with the server-held token, on
 * Web `Request`/`Response` streams. `/cloud/words/doc.docx?storage=s1` under
 * `app.all('/cloud/*', …)` goes to `${target}/words/doc.docx?storage=s1`;
 * no path can leave the target's prefix (400). The client's `Authorization`,
 * `Cookie` and hop-by-hop headers never reach the cloud, nor its `Set-Cookie`
 * the client. A body up to `maxBufferedBodyBytes` is buffered, so a 401 gets
 * one renewal and a replay; a short 429/503 is waited out; the answer streams
 * back; a client that leaves aborts the cloud request. Failures go to
 * `app.onError(cloudTokenErrorHandler())`.
 *
 * @example
 * ```ts
 * app.all('/cloud/*', cloudTokenProxy({ target: 'https://api.aspose.cloud/v4.0', tokenUrl, clientId, clientSecret }));
 * app.onError(cloudTokenErrorHandler());
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): CloudTokenProxy {
  const forwarder = createWebRequestForwarder(options);
  const proxy = (c: Context): Promise<Response> => {
    const { context } = requestConnection(c);
    // The path as the client sent it (`new URL` would resolve `..`): the forwarder judges it.
    const raw = c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2));
    // The route's fixed part ends where its first wildcard or parameter starts.
    const mount = c.req.routePath.replace(/\/?[*:].*$/, '');
    const path = raw.startsWith(mount) ? raw.slice(mount.length) : raw;
    return forwarder.forward(c.req.raw, path.startsWith('/') ? path : `/${path}`, context);
  };
  return Object.assign(proxy, { close: () => forwarder.close() });
}
