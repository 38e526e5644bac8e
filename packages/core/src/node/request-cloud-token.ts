import type { ServerResponse } from 'node:http';
import type { AccessToken } from '../shared/access-token.js';
import { UsageError } from '../shared/errors.js';
import type { FetchLike, RequestContext } from '../types.js';
import { clientDisconnectSignal } from './client-disconnect.js';
import type { CloudTokenAccessor, RequestConnection } from './request-clients-options.js';
import type { ClientLookup, CloudTokenClient } from './tenant-clients.js';

/**
 * The per-request accessor. Creating one costs an object: the client
 * lookup, the disconnect wiring and the bound `getToken` / `fetch` wait until
 * a route asks for them. Those two are getters that hand out a function bound
 * to this request, made once, so that `const { fetch } = getCloudToken(req)`
 * works. The connection is a Node response (watched for the client leaving)
 * or a Web request's `signal` and the runtime's {@link RequestContext}.
 */
export class RequestCloudToken<Req> implements CloudTokenAccessor {
  readonly #req: Req;
  readonly #connection: ServerResponse | RequestConnection;
  readonly #lookup: ClientLookup<Req>;
  #client: CloudTokenClient | Promise<CloudTokenClient> | undefined;
  #disconnect: AbortSignal | undefined;
  #getToken: (() => Promise<AccessToken>) | undefined;
  #fetch: FetchLike | undefined;

  constructor(req: Req, connection: ServerResponse | RequestConnection, lookup: ClientLookup<Req>) {
    this.#req = req;
    this.#connection = connection;
    this.#lookup = lookup;
  }

  get getToken(): () => Promise<AccessToken> {
    this.#getToken ??= async () => {
      const { source } = await this.#resolveClient();
      return source.getToken({ signal: this.#disconnectSignal(), context: this.#context() });
    };
    return this.#getToken;
  }

  get fetch(): FetchLike {
    this.#fetch ??= (input, init) => {
      // Not an async function: with the client at hand (every form but a
      // tenant's first lookup) the call goes straight to the authorized fetch.
      const client = this.#resolveClient();
      return client instanceof Promise
        ? client.then((resolved) => this.#send(resolved, input, init))
        : this.#send(client, input, init);
    };
    return this.#fetch;
  }

  #send(
    client: CloudTokenClient,
    input: string | URL | Request,
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
      const disconnect = this.#disconnectSignal();
      const signal = callerSignal ? AbortSignal.any([disconnect, callerSignal]) : disconnect;
      return client.fetch(input, withSignal(init, signal), this.#context());
    } catch (error) {
      // A call ends in a rejection, never a throw, as an async function's would.
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

  #disconnectSignal(): AbortSignal {
    const connection = this.#connection;
    if ('signal' in connection) return connection.signal;
    // Never stopped: the listener goes with the response.
    this.#disconnect ??= clientDisconnectSignal(connection);
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
