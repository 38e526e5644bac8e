import type { ServerResponse } from 'node:http';
import type { AccessToken } from '../shared/access-token.js';
import { UsageError } from '../shared/errors.js';
import type { FetchLike, RequestContext } from '../types.js';
import { watchClientDisconnect } from './client-disconnect.js';
import type { CloudTokenAccessor, RequestConnection } from './request-clients-options.js';
import type { ClientLookup, CloudTokenClient } from './tenant-clients.js';

/**
 * The per-request accessor. Creating one costs an object and two closures:
 * the client lookup and the disconnect wiring wait until a route asks for
 * a token. The methods are arrow functions so that `const { fetch } =
 * getCloudToken(req)` works. The connection is a Node response (watched for
 * the client leaving) or a Web request's `signal` and the runtime's
 * {@link RequestContext}.
 */
export class RequestCloudToken<Req> implements CloudTokenAccessor {
  readonly #req: Req;
  readonly #connection: ServerResponse | RequestConnection;
  readonly #lookup: ClientLookup<Req>;
  #client: CloudTokenClient | Promise<CloudTokenClient> | undefined;
  #disconnect: AbortSignal | undefined;

  constructor(req: Req, connection: ServerResponse | RequestConnection, lookup: ClientLookup<Req>) {
    this.#req = req;
    this.#connection = connection;
    this.#lookup = lookup;
  }

  readonly getToken = async (): Promise<AccessToken> => {
    const { source } = await this.#resolveClient();
    return source.getToken({ signal: this.#disconnectSignal(), context: this.#context() });
  };

  readonly fetch: FetchLike = async (input, init) => {
    const client = await this.#resolveClient();
    if (client.fetch === undefined) {
      throw new UsageError(
        'getCloudToken(…).fetch needs a call policy: give cloudToken() a baseUrl or allowedOrigins',
      );
    }
    // fetch() lets init.signal replace the Request's own one; keep that rule.
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const disconnect = this.#disconnectSignal();
    const signal = callerSignal ? AbortSignal.any([disconnect, callerSignal]) : disconnect;
    return client.fetch(input, withSignal(init, signal), this.#context());
  };

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

  #disconnectSignal(): AbortSignal {
    const connection = this.#connection;
    if ('signal' in connection) return connection.signal;
    // Never stopped: the listener goes with the response.
    this.#disconnect ??= watchClientDisconnect(connection).signal;
    return this.#disconnect;
  }

  #context(): RequestContext | undefined {
    const connection = this.#connection;
    return 'signal' in connection ? connection.context : undefined;
  }
}

/**
 * The caller's `init` with `signal` in place of its own. Not `{ ...init, signal }`:
 * V8 makes an object spread from an `init` holding an `AbortSignal`, then
 * written again, take microseconds per call (see the authorized fetch).
 */
function withSignal(init: RequestInit | undefined, signal: AbortSignal): RequestInit {
  if (init === undefined) return { signal };
  const copy: Record<string, unknown> = {};
  for (const key in init) {
    if (key !== 'signal' && Object.hasOwn(init, key)) {
      copy[key] = (init as Record<string, unknown>)[key];
    }
  }
  copy.signal = signal;
  return copy as RequestInit;
}
