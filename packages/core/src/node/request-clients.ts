import type { IncomingMessage } from 'node:http';
import { AUTHORIZED_FETCH_OPTION_KEYS, createAuthorizedFetch } from '../call/authorized-fetch.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { pickOptions, readBooleanOption } from '../shared/options.js';
import { isTokenSource, resolveTokenSource } from '../token-source/resolve-token-source.js';
import type { TokenSource } from '../types.js';
import { checkMiddlewareKeys } from './middleware-option-keys.js';
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

/**
 * What an adapter adds to {@link createRequestClients}.
 *
 * @example
 * ```ts
 * createRequestClients(options, { adapterKeys: ['stateKey'] });
 * ```
 */
export interface RequestClientsAdapter {
  /** The adapter's own option keys, which the options object may also hold (Koa's `stateKey`). */
  readonly adapterKeys?: readonly string[];
}

/**
 * The framework-free heart of every server adapter's `cloudToken()`
 * middleware. Validates the options, synchronously and all of them
 * (`InvalidOptionsError`, never echoing a secret), and builds what each
 * request needs: token sources and authorized fetches are made here (or once
 * per tenant, in the core's bounded pool), never per request.
 *
 * It takes one client's credentials, a ready token source (alone or as
 * `source`), or a per-tenant `credentials(req)` function, each with the call
 * policy of `fetch` and the `prefetch` switch. A key the chosen form does
 * not use is rejected with the closest known key (`baseURL` → `baseUrl`), or
 * with why it does nothing there (`logger` next to `source`).
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
  adapter: RequestClientsAdapter = {},
): RequestClients<Req> {
  const prefetch = readPrefetch(options);
  const { lookup, close, size } = resolveClients(options, adapter.adapterKeys ?? []);
  return {
    prefetch,
    get tenants() {
      return size?.() ?? 0;
    },
    forRequest: (req, response) => new RequestCloudToken(req, response, lookup),
    close,
  };
}

function readPrefetch(options: unknown): boolean {
  const prefetch =
    typeof options === 'object' && options !== null
      ? (options as { prefetch?: unknown }).prefetch
      : undefined;
  return readBooleanOption(prefetch, 'prefetch', false);
}

function resolveClients<Req>(
  options: CloudTokenMiddlewareOptions<Req> | TokenSource,
  adapterKeys: readonly string[],
): {
  lookup: ClientLookup<Req>;
  close: () => void;
  size?: () => number;
} {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an options object or a token source');
  }
  if (isTokenSource(options)) return sharedClients(options, undefined);
  const withFetch = callPolicyKeys.some(
    (key) => options[key as keyof typeof options] !== undefined,
  );
  if ('source' in options) {
    checkMiddlewareKeys(options, 'source', adapterKeys);
    if (!isTokenSource(options.source)) {
      throw new InvalidOptionsError('source', 'must be a TokenSource (see createTokenSource)');
    }
    return sharedClients(options.source, withFetch ? options : undefined);
  }
  if ('credentials' in options) {
    checkMiddlewareKeys(options, 'tenant', adapterKeys);
    return tenantClients(options, withFetch);
  }
  checkMiddlewareKeys(options, 'client', adapterKeys);
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
    fetch:
      fetchOptions === undefined
        ? undefined
        : createAuthorizedFetch(source, pickOptions(fetchOptions, AUTHORIZED_FETCH_OPTION_KEYS)),
  };
  // A source given to the middleware stays its owner's to close.
  return { lookup: () => client, close: () => undefined };
}
