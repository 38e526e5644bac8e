import type { CloudTokenAccessor } from './request-clients-options.js';

/**
 * Where an adapter keeps each request's accessor (see {@link createRequestState}).
 *
 * @example
 * ```ts
 * const state: RequestState = createRequestState('@cloud-token/koa.state');
 * ```
 */
export interface RequestState {
  /** Stores `accessor` on the request (or context) object; a later call replaces it. */
  attach(host: object, accessor: CloudTokenAccessor): void;
  /** The accessor stored on `host`, if any. */
  of(host: object): CloudTokenAccessor | undefined;
}

/**
 * A store for the request's accessor on the adapter's own request or context
 * object, under `Symbol.for(brand)`: two copies of an adapter (its ESM and
 * CJS builds) share the key, and no other library's property collides with it.
 *
 * @example
 * ```ts
 * const state = createRequestState('@cloud-token/koa.state');
 * state.attach(ctx, clients.forRequest(ctx, ctx.res));
 * const accessor = state.of(ctx);
 * ```
 */
export function createRequestState(brand: string): RequestState {
  const key = Symbol.for(brand);
  type Host = { [key]?: CloudTokenAccessor };
  return {
    attach(host, accessor) {
      (host as Host)[key] = accessor;
    },
    of(host) {
      return (host as Host)[key];
    },
  };
}
