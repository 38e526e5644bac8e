import {
  type AuthorizedFetch,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
  type TokenSourcePool,
} from '@cloud-token/core';
import { readModuleOptions } from './module-options.js';

/** What one module serves: the shared source of its credentials and its own authorized fetch. */
export interface CloudTokenClient {
  readonly source: TokenSource;
  readonly fetch: AuthorizedFetch;
}

/** Reads the options once, then takes the source of their credentials from the app's pool (first import's options). */
export function cloudTokenClient(input: unknown, pool: TokenSourcePool): CloudTokenClient {
  const options = readModuleOptions(input);
  let fetch: AuthorizedFetch | undefined;
  const source = pool.get(options.credentials, (grant) => {
    const made = createTokenSource(grant, options.tokenSource);
    try {
      fetch = createAuthorizedFetch(made, options.fetch);
    } catch (error) {
      // A bad call policy leaves nothing behind: the source made for it goes, unpooled.
      made.close();
      throw error;
    }
    return made;
  });
  return { source, fetch: fetch ?? createAuthorizedFetch(source, options.fetch) };
}
