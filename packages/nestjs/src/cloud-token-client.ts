import {
  type AuthorizedFetch,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
  type TokenSourcePool,
} from '@cloud-token/core';
import { createCallPolicy, resolveTokenSourceOptions } from '@cloud-token/core/adapter';
import { splitModuleOptions } from './module-options.js';

/** What one module serves: the shared source of its credentials and its own authorized fetch. */
export interface CloudTokenClient {
  readonly source: TokenSource;
  readonly fetch: AuthorizedFetch;
}

/** Validates the options, then takes the source of their credentials from the app's pool (first import's options). */
export function cloudTokenClient(input: unknown, pool: TokenSourcePool): CloudTokenClient {
  const options = splitModuleOptions(input);
  // Everything is checked before a source exists or is shared: a bad option leaves nothing behind.
  clientCredentials(options.credentials);
  resolveTokenSourceOptions(options.tokenSource);
  createCallPolicy(options.fetch);
  const source = pool.get(options.credentials, (grant) =>
    createTokenSource(grant, options.tokenSource),
  );
  return { source, fetch: createAuthorizedFetch(source, options.fetch) };
}
