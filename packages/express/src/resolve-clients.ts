import type { IncomingMessage } from 'node:http';
import { createAuthorizedFetch, InvalidOptionsError, type TokenSource } from '@cloud-token/core';
import {
  AUTHORIZED_FETCH_OPTION_KEYS,
  isTokenSource,
  pickOptions,
  resolveTokenSource,
} from '@cloud-token/core/adapter';
import type { CloudTokenClients } from './client-lookup.js';
import { tenantClients } from './tenant-clients.js';
import type {
  ClientMiddlewareOptions,
  CloudTokenMiddlewareOptions,
  SourceMiddlewareOptions,
} from './types.js';

/** The call-policy options; any of them asks for an authorized fetch (which then needs a base URL or origins). */
const callPolicyKeys = [
  'baseUrl',
  'allowedOrigins',
  'maxRetryAfterMs',
  'rateLimitRetries',
  'unauthorizedReplays',
] as const;

/** Credentials given inline, which the `source` and `credentials` forms replace. */
const inlineCredentialKeys = ['tokenUrl', 'clientId', 'clientSecret'] as const;

/**
 * Validates the middleware options, synchronously and all of them, and
 * builds what each request needs: token sources and authorized fetches are
 * made here (or once per tenant), never per request.
 */
export function resolveClients<Req extends IncomingMessage>(
  options: CloudTokenMiddlewareOptions<Req> | TokenSource,
): CloudTokenClients<Req> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an options object or a token source');
  }
  if (isTokenSource(options)) return sharedClients(options, undefined);
  const withFetch = callPolicyKeys.some(
    (key) => options[key as keyof typeof options] !== undefined,
  );
  if ('source' in options) {
    rejectInlineCredentials(options, 'source');
    if (!isTokenSource(options.source)) {
      throw new InvalidOptionsError('source', 'must be a TokenSource (see createTokenSource)');
    }
    return sharedClients(options.source, withFetch ? options : undefined);
  }
  if ('credentials' in options) {
    rejectInlineCredentials(options, 'credentials');
    return tenantClients(options, withFetch);
  }
  return ownedClients(options, withFetch);
}

function ownedClients<Req extends IncomingMessage>(
  options: ClientMiddlewareOptions,
  withFetch: boolean,
): CloudTokenClients<Req> {
  const { source } = resolveTokenSource(options);
  try {
    const clients = sharedClients<Req>(source, withFetch ? options : undefined);
    return { lookup: clients.lookup, close: () => source.close() };
  } catch (error) {
    // Bad call-policy options: the source just made must not outlive the throw.
    source.close();
    throw error;
  }
}

function sharedClients<Req extends IncomingMessage>(
  source: TokenSource,
  fetchOptions: ClientMiddlewareOptions | SourceMiddlewareOptions | undefined,
): CloudTokenClients<Req> {
  const client = {
    source,
    fetch:
      fetchOptions === undefined
        ? undefined
        : createAuthorizedFetch(source, pickOptions(fetchOptions, AUTHORIZED_FETCH_OPTION_KEYS)),
  };
  // A source given to the middleware stays its owner's to close.
  return { lookup: () => client, close: () => undefined };
}

function rejectInlineCredentials(options: object, replacement: 'source' | 'credentials'): void {
  for (const key of inlineCredentialKeys) {
    if (key in options) {
      throw new InvalidOptionsError(key, `cannot be combined with "${replacement}"`);
    }
  }
}
