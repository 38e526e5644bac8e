import type { TokenSource } from '@cloud-token/core';
import { createReadinessCheck, type ReadinessOptions } from '@cloud-token/core/node';
import type { Middleware } from 'koa';

/**
 * A Koa handler for readiness probes, built on the core's `createReadinessCheck`:
 * 200 `{ ready: true }`, or 503 `{ ready: false, reason }` with `Retry-After`.
 *
 * @example
 * ```ts
 * router.get('/readyz', cloudTokenReadiness(source, { timeoutMs: 2_000 }));
 * ```
 */
export function cloudTokenReadiness(source: TokenSource, options?: ReadinessOptions): Middleware {
  const probe = createReadinessCheck(source, options);
  return async function readiness(ctx) {
    const { status, headers, body } = await probe();
    ctx.status = status;
    ctx.set(headers);
    ctx.body = body;
  };
}
