import { AUTHORIZED_FETCH_OPTION_KEYS, createAuthorizedFetch } from '../call/authorized-fetch.js';
import { createCallPolicy } from '../call/call-policy.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { pickOptions } from '../shared/options.js';
import { createTokenSource } from '../token-source/token-source.js';
import {
  resolveTokenSourceOptions,
  TOKEN_SOURCE_OPTION_KEYS,
} from '../token-source/token-source-options.js';
import { createTokenSourcePool } from '../token-source/token-source-pool.js';
import type { FetchLike, TokenSource } from '../types.js';
import type { TenantMiddlewareOptions } from './request-clients-options.js';

/** A token source and the authorized fetch built on it once (none without a call policy). */
export interface CloudTokenClient {
  readonly source: TokenSource;
  readonly fetch: FetchLike | undefined;
}

/** Finds the client a request uses; a tenant's lookup may be asynchronous. */
export type ClientLookup<Req> = (req: Req) => CloudTokenClient | Promise<CloudTokenClient>;

/**
 * The clients of a multi-tenant middleware: a bounded pool of token sources
 * keyed by the credential's store key, each with its authorized fetch made once.
 * Sources are made on a tenant's first request, but every shared option is
 * validated now, so a typo fails at startup rather than on that request.
 */
export function tenantClients<Req>(
  options: TenantMiddlewareOptions<Req>,
  withFetch: boolean,
): { lookup: ClientLookup<Req>; close: () => void; size: () => number } {
  const { credentials, maxTenants } = options;
  if (typeof credentials !== 'function') {
    throw new InvalidOptionsError('credentials', 'must be a function of the request');
  }
  if (maxTenants !== undefined && !(Number.isInteger(maxTenants) && maxTenants >= 1)) {
    throw new InvalidOptionsError('maxTenants', 'must be an integer of 1 or more');
  }
  const sourceOptions = pickOptions(options, TOKEN_SOURCE_OPTION_KEYS);
  const fetchOptions = pickOptions(options, AUTHORIZED_FETCH_OPTION_KEYS);
  const { clock } = resolveTokenSourceOptions(sourceOptions);
  if (withFetch) createCallPolicy(fetchOptions, clock);
  const pool = createTokenSourcePool({
    maxSize: maxTenants,
    create: (grant) => createTokenSource(grant, sourceOptions),
  });
  // Weak, so a client leaves memory with the source the pool evicted.
  const clients = new WeakMap<TokenSource, CloudTokenClient>();

  function clientOf(source: TokenSource): CloudTokenClient {
    let client = clients.get(source);
    if (client === undefined) {
      client = {
        source,
        fetch: withFetch ? createAuthorizedFetch(source, fetchOptions) : undefined,
      };
      clients.set(source, client);
    }
    return client;
  }

  return {
    lookup: async (req) => clientOf(pool.get(await credentials(req))),
    close: () => pool.close(),
    size: () => pool.size,
  };
}
