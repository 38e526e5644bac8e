import {
  type AuthorizedFetch,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import { createCallPolicy, resolveTokenSourceOptions } from '@cloud-token/core/adapter';
import { splitModuleOptions } from './module-options.js';

/** One module's hold on a shared token source; `release()` is idempotent, the last one closes it. */
export interface TokenSourceLease {
  readonly source: TokenSource;
  readonly fetch: AuthorizedFetch;
  release(): void;
}

// Process-wide, keyed by the core's credential identity: two `forRoot` imports with the same
// credentials are two Nest modules, yet must share one token (one token request per herd).
const shared = new Map<string, { source: TokenSource; holders: number }>();

/** Validates the options, then leases the shared source of their credentials (first lease's options). */
export function leaseTokenSource(input: unknown): TokenSourceLease {
  const options = splitModuleOptions(input);
  // Everything is checked before a source exists or is shared: a bad option leaves nothing behind.
  const grant = clientCredentials(options.credentials);
  resolveTokenSourceOptions(options.tokenSource);
  createCallPolicy(options.fetch);
  const entry = shared.get(grant.identity) ?? {
    source: createTokenSource(grant, options.tokenSource),
    holders: 0,
  };
  shared.set(grant.identity, entry);
  entry.holders += 1;
  let released = false;
  return {
    source: entry.source,
    fetch: createAuthorizedFetch(entry.source, options.fetch),
    release() {
      if (released) return;
      released = true;
      if (--entry.holders > 0) return;
      shared.delete(grant.identity);
      entry.source.close();
    },
  };
}
