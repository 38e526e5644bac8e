import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestForwarder, type ProxyOptions } from '@cloud-token/core/node';

/**
 * Options of {@link cloudTokenProxy}: the `target` API URL, either a ready
 * token `source` or the credentials (and token-source options) to make one,
 * `maxBufferedBodyBytes` (default 1 MiB) and the call policy's
 * `maxRetryAfterMs`, `rateLimitRetries`, `unauthorizedReplays`,
 * `allowInsecureHttp`, plus the injected `fetch` and `clock`.
 *
 * @example
 * ```ts
 * const options: CloudTokenProxyOptions = {
 *   target: 'https://api.aspose.cloud/v4.0',
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   maxBufferedBodyBytes: 4 * 1024 * 1024,
 * };
 * ```
 */
export type CloudTokenProxyOptions = ProxyOptions;

/**
 * The handler `cloudTokenProxy()` returns: an Express `RequestHandler` (for
 * Express 4 and 5) with a `close()` for shutdown.
 *
 * @example
 * ```ts
 * const proxy: CloudTokenProxy = cloudTokenProxy(options);
 * app.use('/cloud', proxy);
 * process.on('SIGTERM', () => proxy.close());
 * ```
 */
export interface CloudTokenProxy {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
  /** Closes the token source the proxy made from credentials; a source passed in stays yours. */
  close(): void;
}

/**
 * A backend-for-frontend proxy: forwards every request under its mount path
 * to the cloud API with the server-held token, so a browser app calls the
 * cloud without ever seeing the secret or the token.
 * `/cloud/words/doc.docx?storage=s1` under `app.use('/cloud', …)` goes to
 * `${target}/words/doc.docx?storage=s1`; no path can leave the target's
 * prefix (such a path gets 400).
 *
 * The browser's `Authorization`, `Cookie` and `Proxy-Authorization` never
 * reach the cloud, and the cloud's `Set-Cookie` never reaches the browser;
 * hop-by-hop headers are dropped both ways and no `X-Forwarded-*` is added.
 * Bodies up to `maxBufferedBodyBytes` are buffered, so a 401 (a rotated key)
 * is answered by one token renewal and a replay; larger ones stream through
 * once. A short 429/503 is waited out. The answer streams back as it arrives.
 * When the browser disconnects, the cloud request is aborted.
 *
 * Failures go to `next(err)` with the core's typed error, which carries
 * `status` and `headers`: no token (`ERR_RATE_LIMITED` → 503 with
 * `Retry-After`; `ERR_CREDENTIALS_REJECTED`, `ERR_TOKEN_REQUEST`,
 * `ERR_TOKEN_RESPONSE` → 502/503), the cloud unreachable (`ERR_API_REQUEST`
 * → 502), a body parser mounted before the proxy (`ERR_USAGE` → 500). Every
 * error has `expose: false`, and none carries a secret or a token.
 *
 * Mount it before any body parser (it reads the raw body). Options are
 * validated here, synchronously (`InvalidOptionsError`).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { cloudTokenProxy } from '@cloud-token/express';
 *
 * const app = express();
 * app.use(
 *   '/cloud',
 *   cloudTokenProxy({
 *     target: 'https://api.aspose.cloud/v4.0',
 *     tokenUrl: 'https://api.aspose.cloud/connect/token',
 *     clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *     clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   }),
 * );
 * app.use(express.json()); // body parsers after the proxy
 * ```
 */
export function cloudTokenProxy(options: CloudTokenProxyOptions): CloudTokenProxy {
  const forwarder = createRequestForwarder(options);
  const proxy = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    // Express 4 ignores a rejected promise, so failures are handed to next() here.
    forwarder.forward(req, res).catch(next);
  };
  return Object.assign(proxy, { close: () => forwarder.close() });
}
