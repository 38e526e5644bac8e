import type { ServerResponse } from 'node:http';
import { callAbandonmentKey } from '../call/call-abandonment.js';
import type { AccessToken } from '../shared/access-token.js';
import { UsageError } from '../shared/errors.js';
import type { FetchLike, RequestContext } from '../types.js';
import { ClientDeparture } from './client-departure.js';
import type { CloudTokenAccessor, RequestConnection } from './request-clients-options.js';
import type { ClientLookup, CloudTokenClient } from './tenant-clients.js';

// `Symbol.for`: an accessor made by either build of the core (ESM, CJS) carries the same brand.
const accessorBrand: unique symbol = Symbol.for('@cloud-token/core.request-cloud-token');

/**
 * The per-request accessor. Creating one costs an object and two closures:
 * the client lookup and the disconnect wiring wait until a route asks for
 * a token. The methods are arrow functions so that `const { fetch } =
 * getCloudToken(req)` works. The connection is a Node response (watched for
 * the client leaving by a {@link ClientDeparture}, which a call without a
 * signal of the caller's carries instead of one) or a Web request's `signal`
 * and the runtime's {@link RequestContext}.
 */
export class RequestCloudToken<Req> implements CloudTokenAccessor {
  readonly #req: Req;
  readonly #connection: ServerResponse | RequestConnection;
  readonly #lookup: ClientLookup<Req>;
  #client: CloudTokenClient | Promise<CloudTokenClient> | undefined;
  #departure: ClientDeparture | undefined;

  constructor(req: Req, connection: ServerResponse | RequestConnection, lookup: ClientLookup<Req>) {
    this.#req = req;
    this.#connection = connection;
    this.#lookup = lookup;
  }

  /** The brand {@link isRequestCloudToken} reads. */
  get [accessorBrand](): true {
    return true;
  }

  readonly getToken = (): Promise<AccessToken> => {
    const client = this.#resolveClient();
    if (client instanceof Promise) return client.then((resolved) => this.#tokenFrom(resolved));
    return this.#tokenFrom(client);
  };

  // Not async, nor is getToken: with the client at hand (every request but a
  // tenant's first lookup) the call's promise is the authorized fetch's own,
  // without one of ours and the ticks of resolving it with another.
  readonly fetch: FetchLike = (input, init) => {
    const client = this.#resolveClient();
    if (client instanceof Promise)
      return client.then((resolved) => this.#fetchWith(resolved, input, init));
    return this.#fetchWith(client, input, init);
  };

  /** The source's token, with the connection's signal; a fault rejects, as from an async function. */
  #tokenFrom({ source }: CloudTokenClient): Promise<AccessToken> {
    try {
      const connection = this.#connection;
      if ('signal' in connection) {
        return source.getToken({ signal: connection.signal, context: connection.context });
      }
      return source.getToken(this.#departureOf(connection));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The client's authorized fetch, stopped when the client leaves; a fault rejects, as from an async function. */
  #fetchWith(
    client: CloudTokenClient,
    input: Parameters<FetchLike>[0],
    init: RequestInit | undefined,
  ): Promise<Response> {
    try {
      if (client.fetch === undefined) {
        throw new UsageError(
          'getCloudToken(…).fetch needs a call policy: give cloudToken() a baseUrl or allowedOrigins',
        );
      }
      // fetch() lets init.signal replace the Request's own one; keep that rule.
      const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const connection = this.#connection;
      if ('signal' in connection) {
        const signal = callerSignal
          ? AbortSignal.any([connection.signal, callerSignal])
          : connection.signal;
        return client.fetch(input, withMember(init, 'signal', signal), connection.context);
      }
      const departure = this.#departureOf(connection);
      if (callerSignal) {
        const signal = AbortSignal.any([departure.signal, callerSignal]);
        return client.fetch(input, withMember(init, 'signal', signal));
      }
      return client.fetch(input, withMember(init, callAbandonmentKey, departure));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #resolveClient(): CloudTokenClient | Promise<CloudTokenClient> {
    // Once per request, failure included: a tenant's credentials(req) may be a database lookup.
    if (this.#client === undefined) {
      try {
        this.#client = this.#lookup(this.#req);
      } catch (error) {
        this.#client = Promise.reject(error);
      }
    }
    return this.#client;
  }

  #departureOf(response: ServerResponse): ClientDeparture {
    this.#departure ??= new ClientDeparture(response);
    return this.#departure;
  }
}

/**
 * The caller's `init` with `value` as its `key` member (the signal, or the
 * departure in place of one). Not `{ ...init, [key]: value }`: V8 makes an
 * object spread from an `init` holding an `AbortSignal`, then written again,
 * take microseconds per call (see the authorized fetch).
 */
function withMember(
  init: RequestInit | undefined,
  key: 'signal' | typeof callAbandonmentKey,
  value: unknown,
): RequestInit {
  const copy: Record<string | symbol, unknown> = {};
  if (init !== undefined) {
    for (const name in init) {
      if (name !== 'signal' && Object.hasOwn(init, name)) {
        copy[name] = (init as Record<string, unknown>)[name];
      }
    }
  }
  copy[key] = value;
  return copy as RequestInit;
}

/** Whether `value` is an accessor the core made (by either of its builds), not another library's value. */
export function isRequestCloudToken(value: unknown): value is CloudTokenAccessor {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [accessorBrand]?: unknown })[accessorBrand] === true
  );
}
