import type { RequestConnection } from '@cloud-token/core/adapter';
import type { Context } from 'hono';

/**
 * The request's signal and, on Workers, its execution context (a token request
 * it starts then outlives it under `waitUntil`); Node, Bun and Deno have none.
 */
export function requestConnection(c: Context): RequestConnection {
  let context: RequestConnection['context'];
  try {
    context = c.executionCtx;
  } catch {
    // Hono throws when the runtime gave no execution context.
  }
  return { signal: c.req.raw.signal, context };
}
