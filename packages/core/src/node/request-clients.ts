import type { IncomingMessage } from 'node:http';
import { createAuthorizedFetch } from '../call/authorized-fetch.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { isTokenSource, resolveTokenSource } from '../token-source/resolve-token-source.js';
import type { TokenSource } from '../types.js';
import type {
  ClientMiddlewareOptions,
  CloudTokenMiddlewareOptions,
  RequestClients,
  SourceMiddlewareOptions,
} from './request-clients-options.js';
import { RequestCloudToken } from './request-cloud-token.js';
import { type ClientLookup, type CloudTokenClient, tenantClients } from './tenant-clients.js';

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
 * The framework-free heart of every server adapter's `cloudToken()`
 * middleware. Validates the options, synchronously and all of them
 * (`InvalidOptionsError`, never echoing a secret), and builds what each
 * request needs: token sources and authorized fetches are made here (or once
 * per tenant, in the core's bounded pool), never per request.
 *
 * It takes one client's credentials, a ready token source (alone or as
 * `source`), or a per-tenant `credentials(req)` function, each with the call
 * policy of `fetch` and the `prefetch` switch.
 *
 * @example
 * ```ts
 * import { createRequestClients } from '@cloud-token/core/node';
 *
 * const clients = createRequestClients({ tokenUrl, clientId, clientSecret, baseUrl });
 * http.createServer(async (req, res) => {
 *   const cloud = clients.forRequest(req, res);
 *   const answer = await cloud.fetch('words/doc.docx/statistics');
 *   res.end(await answer.text());
 * });
 * process.on('SIGTERM', () => clients.close());
 * ```
 */
export function createRequestClients<Req = IncomingMessage>(
  options: CloudTokenMiddlewareOptions<Req> | TokenSource,
): RequestClients<Req> {
  const prefetch = readPrefetch(options);
  const { lookup, close } = resolveClients(options);
  return {
    prefetch,
    forRequest: (req, response) => new RequestCloudToken(req, response, lookup),
    close,
  };
}

function readPrefetch(options: unknown): boolean {
  const prefetch =
    typeof options === 'object' && options !== null
      ? (options as { prefetch?: unknown }).prefetch
      : undefined;
  if (prefetch === undefined) return false;
  if (typeof prefetch !== 'boolean') throw new InvalidOptionsError('prefetch', 'must be a boolean');
  return prefetch;
}

function resolveClients<Req>(options: CloudTokenMiddlewareOptions<Req> | TokenSource): {
  lookup: ClientLookup<Req>;
  close: () => void;
} {
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

function ownedClients<Req>(options: ClientMiddlewareOptions, withFetch: boolean) {
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

function sharedClients<Req>(
  source: TokenSource,
  fetchOptions: ClientMiddlewareOptions | SourceMiddlewareOptions | undefined,
): { lookup: ClientLookup<Req>; close: () => void } {
  const client: CloudTokenClient = {
    source,
    fetch: fetchOptions === undefined ? undefined : createAuthorizedFetch(source, fetchOptions),
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
