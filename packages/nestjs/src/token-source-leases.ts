import {
  type AuthorizedFetch,
  clientCredentials,
  createAuthorizedFetch,
  createTokenSource,
  type TokenSource,
} from '@cloud-token/core';
import { createCallPolicy, resolveClock, resolveTokenSourceOptions } from '@cloud-token/core/adapter';
import { splitModuleOptions } from './module-options.js';

/** One module's hold on a shared token source. */
export interface TokenSourceLease {
  readonly source: TokenSource;
  readonly fetch: AuthorizedFetch;
  /** Gives the hold back; the last one closes the source. Idempotent. */
  release(): void;
}

interface Shared {
  source: TokenSource;
  holders: number;
}

// Process-wide and keyed by the core's credential identity (the key of its token source pool):
// two `forRoot` imports with the same credentials are two Nest modules, yet share one token.
const shared = new Map<string, Shared>();

/**
 * Validates the module options and leases the token source of their
 * credentials: the one already shared in this process, or a new one. When
 * credentials are shared, the first module's token-source options apply.
 */
export function leaseTokenSource(input: unknown): TokenSourceLease {
  const options = splitModuleOptions(input);
  // Everything is validated before a source exists or is shared: a bad option leaves nothing behind.
  const grant = clientCredentials(options.credentials);
  resolveTokenSourceOptions(options.tokenSource);
  createCallPolicy(options.fetch, resolveClock(options.fetch.clock));
  let entry = shared.get(grant.identity);
  if (entry === undefined) {
    entry = { source: createTokenSource(grant, options.tokenSource), holders: 0 };
    shared.set(grant.identity, entry);
  }
  const held = entry;
  held.holders += 1;
  let released = false;
  return {
    source: held.source,
    fetch: createAuthorizedFetch(held.source, options.fetch),
    release() {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders > 0) return;
      shared.delete(grant.identity);
      held.source.close();
    },
  };
}
