import { authorizedFetchOf, authorizedFetchSchema } from '../call/authorized-fetch.js';
import { callPolicyOf } from '../call/call-policy.js';
import { sourceBaseUrl } from '../token-source/resolve-token-source.js';
import { createTokenSource } from '../token-source/token-source.js';
import { tokenSourceSchema } from '../token-source/token-source-options.js';
import { createTokenSourcePool } from '../token-source/token-source-pool.js';
import type { FetchLike, TokenSource } from '../types.js';
import { tenantSchema } from './request-clients-options.js';

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
 * read now, once, so a typo fails at startup rather than on that request.
 * A call policy of the options' own (`withPolicy`) serves every tenant;
 * without one, a tenant's `fetch` follows the API base its credentials came
 * with, if they came with one.
 */
export function tenantClients<Req>(
  values: Readonly<Record<string, unknown>>,
  withPolicy: boolean,
): { lookup: ClientLookup<Req>; close: () => void; size: () => number } {
  const { credentials, maxTenants } = tenantSchema.resolve(values);
  const sourceSettings = tokenSourceSchema.resolve(values);
  const fetchSettings = authorizedFetchSchema.resolve(values);
  const policy = withPolicy ? callPolicyOf(fetchSettings, fetchSettings.clock) : undefined;
  const pool = createTokenSourcePool({
    maxSize: maxTenants,
    // Settings read once here; the source does not read them again.
    create: (grant) => createTokenSource(grant, sourceSettings),
  });
  // Weak, so a client leaves memory with the source the pool evicted.
  const clients = new WeakMap<TokenSource, CloudTokenClient>();

  function clientOf(source: TokenSource): CloudTokenClient {
    let client = clients.get(source);
    if (client === undefined) {
      const fetch =
        policy !== undefined || sourceBaseUrl(source) !== undefined
          ? authorizedFetchOf(source, fetchSettings, policy)
          : undefined;
      client = { source, fetch };
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
