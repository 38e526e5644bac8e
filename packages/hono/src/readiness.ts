import type { TokenSource } from '@cloud-token/core';
import { createReadinessCheck, type ReadinessOptions } from '@cloud-token/core/adapter';
import type { Context } from 'hono';
import { requestConnection } from './request-connection.js';

/**
 * A Hono handler answering readiness probes for `source`: `200 { ready:
 * true, expiresAt }` or `503 { ready: false, reason }` with `Retry-After`.
 * Options are checked here (`InvalidOptionsError`).
 *
 * @example
 * ```ts
 * app.get('/readyz', cloudTokenReadiness(source, { timeoutMs: 2_000 }));
 * ```
 */
export function cloudTokenReadiness(
  source: TokenSource,
  options?: ReadinessOptions,
): (c: Context) => Promise<Response> {
  const probe = createReadinessCheck(source, options);
  return async (c) => {
    const { status, headers, body } = await probe(requestConnection(c).context);
    return Response.json(body, { status, headers });
  };
}
