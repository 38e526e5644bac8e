import {
  type AuthorizedFetch,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import { readModuleOptions } from './module-options.js';

/** One module's hold on a shared token source; `release()` is idempotent, the last one closes it. */
export interface TokenSourceLease {
  readonly source: TokenSource;
  readonly fetch: AuthorizedFetch;
  release(): void;
}

// Process-wide, keyed by the core's credential identity: two `forRoot` imports with the same
// credentials are two Nest modules, yet must share one token (one token request per herd).
const shared = new Map<string, { source: TokenSource; holders: number }>();

/** Reads the options, then leases the shared source of their credentials (first lease's options). */
export function leaseTokenSource(input: unknown): TokenSourceLease {
  const options = readModuleOptions(input);
  const grant = clientCredentials(options.credentials);
  const known = shared.get(grant.identity);
  const source = known?.source ?? createTokenSource(grant, options.tokenSource);
  let fetch: AuthorizedFetch;
  try {
    fetch = createAuthorizedFetch(source, options.fetch);
  } catch (error) {
    // A bad call policy leaves nothing behind: a source made for it goes, a shared one keeps its holders.
    if (known === undefined) source.close();
    throw error;
  }
  const entry = known ?? { source, holders: 0 };
  shared.set(grant.identity, entry);
  entry.holders += 1;
  let released = false;
  return {
    source: entry.source,
    fetch,
    release() {
      if (released) return;
      released = true;
      if (--entry.holders > 0) return;
      shared.delete(grant.identity);
      entry.source.close();
    },
  };
}
