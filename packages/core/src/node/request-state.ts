import type { CloudTokenAccessor } from './request-clients-options.js';
import { isRequestCloudToken } from './request-cloud-token.js';

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
 * Given a `name` too, the accessor goes under that name instead when the
 * name is free or holds an accessor already (an inner mount replaces an
 * outer one), and under the brand key only when another library uses the
 * name: one new property per request, not two. That matters where every new
 * property of a request costs microseconds (Express gives each request an
 * object shape of its own).
 *
 * @example
 * ```ts
 * const state = createRequestState('@cloud-token/koa.state');
 * state.attach(ctx, clients.forRequest(ctx, ctx.res));
 * const accessor = state.of(ctx);
 *
 * const named = createRequestState('@cloud-token/express.state', 'cloudToken');
 * named.attach(req, clients.forRequest(req, res)); // req.cloudToken, unless another library has it
 * ```
 */
export function createRequestState(brand: string, name?: string): RequestState {
  const key = Symbol.for(brand);
  type Host = { [key]?: CloudTokenAccessor };
  if (name === undefined) {
    return {
      attach(host, accessor) {
        (host as Host)[key] = accessor;
      },
      of(host) {
        return (host as Host)[key];
      },
    };
  }
  type Named = Host & Record<string, unknown>;
  return {
    attach(host, accessor) {
      if (!(name in host) || isRequestCloudToken((host as Named)[name])) {
        (host as Named)[name] = accessor;
      } else {
        (host as Host)[key] = accessor;
      }
    },
    of(host) {
      const named = (host as Named)[name];
      return isRequestCloudToken(named) ? named : (host as Host)[key];
    },
  };
}
